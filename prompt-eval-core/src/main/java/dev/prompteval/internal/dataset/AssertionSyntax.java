package dev.prompteval.internal.dataset;

import dev.prompteval.dataset.Assertion;

import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads assertion cells the way promptfoo's CSV reader does ({@code assertionFromString} in promptfoo's
 * {@code src/csv.ts}), except that a mistyped assertion is an error rather than a silent exact match.
 *
 * <p>After trimming the cell:
 * <ul>
 *   <li>{@code type:value}, {@code not-type:value}, {@code type(threshold):value} and bare {@code type}
 *       (e.g. {@code is-json}) are assertions of a known type. The value is everything after the first {@code :},
 *       trimmed, except for {@code is-json} and {@code contains-json}, whose value is kept as written. The threshold
 *       is a number from 0 to 1.</li>
 *   <li>{@code java:com.acme.ToneScorer:value} (also with {@code not-} and {@code (threshold)}) names a custom
 *       scorer class; its type is {@code java:com.acme.ToneScorer}.</li>
 *   <li>promptfoo's aliases: {@code grade:} is {@code llm-rubric:}; {@code fn:} and {@code eval:} are
 *       {@code javascript:}.</li>
 *   <li>A cell that does not start like an assertion is an {@code equals} assertion on the whole cell, as in
 *       promptfoo: {@code Paris}, {@code Paris is the capital}, a bare unknown word like {@code positive},
 *       a URL like {@code https://example.com}.</li>
 *   <li>A cell that starts like an assertion, i.e. a lower-case word (letters, digits, dashes) followed by
 *       {@code :} or {@code (}, but whose type is unknown, is an error, where promptfoo would silently compare the
 *       output with the whole cell. Write {@code equals:note: be brief} to expect such text literally.</li>
 * </ul>
 */
public final class AssertionSyntax {
    /** The type used for cells that are plain expected text. */
    public static final String EQUALS = "equals";

    private static final String WORD = "[a-z][a-z0-9]*(?:-[a-z0-9]+)*";
    private static final String JAVA_CLASS = "[\\p{L}_$][\\p{L}\\p{N}_$]*(?:\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*";
    private static final String THRESHOLD_AND_VALUE = "(?:\\(([^()]*)\\))?(?::([\\s\\S]*))?";
    private static final Pattern TYPED = Pattern.compile("(not-)?(" + WORD + ")" + THRESHOLD_AND_VALUE);
    private static final Pattern JAVA_PREFIX = Pattern.compile("(not-)?java:");
    private static final Pattern JAVA = Pattern.compile("(not-)?java:(" + JAVA_CLASS + ")" + THRESHOLD_AND_VALUE);
    private static final Pattern UNCLOSED_THRESHOLD = Pattern.compile("(not-)?(" + WORD + ")\\(");

    /** promptfoo's legacy spellings (src/csv.ts: parseJavascriptAssertion, parseRubricAssertion). */
    private static final Map<String, String> ALIASES = Map.of("grade", "llm-rubric", "fn", "javascript",
            "eval", "javascript");
    /** Types whose value promptfoo keeps untrimmed (src/csv.ts: RAW_VALUE_ASSERTION_TYPES). */
    private static final Set<String> RAW_VALUE = Set.of("is-json", "contains-json");
    private static final Set<String> SCRIPT_TYPES = Set.of("javascript", "python");

    private AssertionSyntax() {
    }

    /**
     * Parses one assertion written outside a dataset, e.g. in suite configuration.
     *
     * @param source names where the text came from, for the error message and {@link Assertion#column()}
     * @return the assertion, or null when {@code text} is blank
     * @throws IllegalArgumentException naming {@code source}, the text and what to write instead
     */
    public static Assertion parse(String text, String source, AssertionTypes types) {
        try {
            return read(text, source, types);
        } catch (CellException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage());
        }
    }

    /** The assertion in a cell, or null for a blank cell. */
    static Assertion read(String cell, String column, AssertionTypes types) throws CellException {
        String text = cell.strip();
        if (text.isEmpty()) return null;
        if (JAVA_PREFIX.matcher(text).lookingAt()) return javaScorer(text, column, types);
        Matcher typed = TYPED.matcher(text);
        if (typed.matches()) return typed(text, typed, column, types);
        Matcher unclosed = UNCLOSED_THRESHOLD.matcher(text);
        if (unclosed.lookingAt() && types.isKnown(canonical(unclosed.group(2)))) {
            throw new CellException("malformed assertion " + Cells.quote(text) + " in column " + column
                    + ": the threshold needs a closing parenthesis and then \":\", e.g. "
                    + unclosed.group(2) + "(0.8):expected text");
        }
        return equalsAssertion(text, column);
    }

    private static Assertion typed(String text, Matcher m, String column, AssertionTypes types)
            throws CellException {
        String word = m.group(2);
        String threshold = m.group(3);
        String value = m.group(4);
        String type = canonical(word);
        boolean bare = threshold == null && value == null;
        if (bare) {
            return types.isKnown(type) ? assertion(m, type, null, "", column) : equalsAssertion(text, column);
        }
        if (threshold == null && value.startsWith("//")) {
            if (word.equals("file") && !types.isKnown("file")) {
                throw new CellException("file:// assertions (promptfoo's JavaScript and Python files) are not "
                        + "supported, in column " + column + ": " + Cells.quote(text) + "; " + customScorerHint());
            }
            return equalsAssertion(text, column); // a URL such as https://example.com is expected text
        }
        if (!types.isKnown(type)) throw unknownType(text, word, type, column, types);
        return assertion(m, type, threshold == null ? null : threshold(text, word, threshold, value, column),
                value, column);
    }

    private static Assertion javaScorer(String text, String column, AssertionTypes types) throws CellException {
        Matcher m = JAVA.matcher(text);
        if (!m.matches()) {
            throw new CellException("malformed custom scorer " + Cells.quote(text) + " in column " + column
                    + ": write java:, a fully qualified class name, then :value, e.g. java:com.acme.ToneScorer:polite");
        }
        String type = "java:" + m.group(2);
        if (!types.isKnown(type)) {
            throw new CellException("unknown assertion type \"" + type + "\" in column " + column + ": no scorer "
                    + "class " + m.group(2) + "; put the class on the test class path, make it implement "
                    + "dev.prompteval.score.Scorer with a public no-argument constructor, and check the spelling");
        }
        String threshold = m.group(3);
        return assertion(m, type, threshold == null ? null : threshold(text, type, threshold, m.group(4), column),
                m.group(4), column);
    }

    private static Assertion assertion(Matcher m, String type, Double threshold, String value, String column) {
        String kept = value == null ? "" : RAW_VALUE.contains(type) ? value : value.strip();
        return new Assertion(type, m.group(1) != null, threshold, kept, 1.0, column);
    }

    private static Assertion equalsAssertion(String text, String column) {
        return new Assertion(EQUALS, false, null, text, 1.0, column);
    }

    private static double threshold(String text, String type, String threshold, String value, String column)
            throws CellException {
        String example = type + "(0.8)" + (value == null ? "" : ":" + value);
        return Cells.threshold(threshold, "threshold in " + Cells.quote(text) + " (column " + column + ")",
                Cells.quote(example));
    }

    private static CellException unknownType(String text, String word, String type, String column,
                                             AssertionTypes types) {
        if (SCRIPT_TYPES.contains(type)) {
            return new CellException(type + " assertions are promptfoo features that prompt-eval cannot run, in "
                    + "column " + column + ": " + Cells.quote(word + ":...") + "; " + customScorerHint());
        }
        return new CellException("unknown assertion type \"" + word + "\" in column " + column + "; valid types: "
                + String.join(", ", types.names()) + " (each may start with not-), or java:<class> for a custom "
                + "scorer; to expect the text literally, write " + Cells.quote("equals:" + text));
    }

    private static String customScorerHint() {
        return "write the check as a Java class implementing dev.prompteval.score.Scorer and name it as "
                + "java:com.acme.MyScorer:value";
    }

    private static String canonical(String word) {
        return ALIASES.getOrDefault(word, word);
    }
}
