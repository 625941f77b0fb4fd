package dev.prompteval.junit;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${name}} in annotation attributes with the configuration parameter (or system property) of that
 * name, so that a build can choose e.g. the candidate ({@code label:staging} in CI) or a local base URL.
 */
final class Placeholders {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    private final Function<String, Optional<String>> parameters;
    private final List<String> problems;

    Placeholders(Function<String, Optional<String>> parameters, List<String> problems) {
        this.parameters = parameters;
        this.problems = problems;
    }

    /**
     * @param attribute the attribute's name, for the problem message
     * @return the value with every placeholder replaced; an unset one is a problem and stays as written
     */
    String resolve(String attribute, String value) {
        Matcher m = PLACEHOLDER.matcher(value);
        var out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1).strip();
            Optional<String> replacement = name.isEmpty() ? Optional.empty() : parameters.apply(name);
            if (replacement.isEmpty()) {
                problems.add(attribute + " = \"" + value + "\" uses ${" + name + "}, which is not set; pass it as "
                        + "-D" + (name.isEmpty() ? "<name>" : name) + "=... (a system property) or a JUnit "
                        + "configuration parameter");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement.orElse(m.group())));
        }
        return m.appendTail(out).toString();
    }
}
