package dev.prompteval.internal.dataset;

import dev.prompteval.dataset.Assertion;
import dev.prompteval.dataset.Row;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The row's variables in assertion values, as promptfoo reads its datasets: {@code llm-rubric: Does this describe
 * {{topic}} accurately?} or {@code contains:{{expected}}} is rendered with the row's {@code topic} or
 * {@code expected} column before it is scored. Only a plain name in double braces is a variable (blanks around it
 * allowed); any other text is kept as written. A name the row has no column for is a problem of the dataset, not an
 * empty string, so a typo cannot make an assertion pass.
 */
public final class AssertionVariables {
    private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}");

    private AssertionVariables() {
    }

    /** The variables {@code value} refers to, in order of first use. */
    public static Set<String> referenced(String value) {
        var names = new LinkedHashSet<String>();
        Matcher matcher = VARIABLE.matcher(value);
        while (matcher.find()) names.add(matcher.group(1));
        return names;
    }

    /** The variables {@code value} refers to that {@code variables} lacks. */
    public static List<String> missing(String value, Map<String, String> variables) {
        var missing = new ArrayList<String>();
        for (String name : referenced(value)) if (!variables.containsKey(name)) missing.add(name);
        return missing;
    }

    /**
     * The assertion with the row's variables put into its value; the same assertion when it uses none.
     *
     * @throws IllegalArgumentException naming a variable the row has no column for
     */
    public static Assertion render(Assertion assertion, Row row) {
        String value = assertion.value();
        if (value.indexOf("{{") < 0) return assertion;
        List<String> missing = missing(value, row.variables());
        if (!missing.isEmpty()) throw new IllegalArgumentException(problem(missing, row.variables()));
        Matcher matcher = VARIABLE.matcher(value);
        String rendered = matcher.replaceAll(m -> Matcher.quoteReplacement(row.variables().get(m.group(1))));
        return rendered.equals(value) ? assertion : new Assertion(assertion.type(), assertion.negated(),
                assertion.threshold(), rendered, assertion.weight(), assertion.column());
    }

    /** Why variables cannot be put into an assertion, and what to do. */
    static String problem(List<String> missing, Map<String, String> variables) {
        return "the assertion uses {{" + String.join("}}, {{", missing) + "}}, but the row has no such column"
                + (missing.size() == 1 ? "" : "s") + " (it has " + String.join(", ", variables.keySet())
                + "); add the column or fix the name";
    }
}
