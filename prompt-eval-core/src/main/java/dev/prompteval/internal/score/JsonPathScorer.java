package dev.prompteval.internal.score;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prompteval.score.Score;

import java.util.Comparator;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code json-path:<path>}, {@code json-path:<path>=<expected>} or {@code json-path:<path>~=<regex>} on an output
 * that is JSON as a whole (the same strict reading as {@code is-json}: a fenced or embedded object does not count).
 * The path is the {@link JsonPath} subset. Blanks around {@code =} / {@code ~=} are ignored.
 * <ul>
 *   <li>no operator: the path exists (a JSON {@code null} there counts as existing);</li>
 *   <li>{@code =expected}: a string node equals the expected text ({@code $.city=Paris}; a quoted
 *       {@code $.city="Paris"} works too); any other node equals the expected text read as JSON, numbers by value
 *       ({@code $.n=42} matches {@code 42.0}), objects and arrays structurally;</li>
 *   <li>{@code ~=regex}: a Java regex that is found in a string node's text, or in any other node's JSON text.</li>
 * </ul>
 * A malformed path or regex is an error, not a failed assertion.
 */
final class JsonPathScorer extends BinaryScorer<JsonPathScorer.Check> {

    enum Op { EXISTS, EQUALS, MATCHES }

    record Check(JsonPath path, Op op, String expected, Pattern pattern) {
        String display() {
            return switch (op) {
                case EXISTS -> path.toString();
                case EQUALS -> path + "=" + expected;
                case MATCHES -> path + "~=" + expected;
            };
        }
    }

    /** Numbers compare by value, everything else by Jackson's structural equality. */
    private static final Comparator<JsonNode> BY_VALUE = (a, b) -> a.isNumber() && b.isNumber()
            ? a.decimalValue().compareTo(b.decimalValue())
            : a.equals(b) ? 0 : 1;

    JsonPathScorer() {
        super("json-path");
    }

    @Override
    String example() {
        return "$.answer=42";
    }

    @Override
    Check parse(String value) {
        JsonPath.Prefix prefix = JsonPath.parsePrefix(requireValue(value));
        String rest = value.substring(prefix.end()).strip();
        if (rest.isEmpty()) {
            return new Check(prefix.path(), Op.EXISTS, null, null);
        }
        if (rest.startsWith("~=")) {
            String regex = rest.substring(2).strip();
            return new Check(prefix.path(), Op.MATCHES, regex, compile(regex));
        }
        if (rest.startsWith("=")) {
            return new Check(prefix.path(), Op.EQUALS, rest.substring(1).strip(), null);
        }
        throw new IllegalArgumentException("json-path " + Reasons.quote(value) + ": expected '=' or '~=' after the "
                + "path " + prefix.path() + ", got " + Reasons.quote(rest) + " (e.g. $.answer=42 or $.name~=^A)");
    }

    private static Pattern compile(String regex) {
        if (regex.isEmpty()) {
            throw new IllegalArgumentException("json-path: the regex after '~=' is empty");
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("json-path: " + Reasons.quote(regex) + " is not a valid Java regular "
                    + "expression: " + e.getDescription() + " near index " + e.getIndex(), e);
        }
    }

    @Override
    Score evaluate(String output, Check check) {
        Json.Parsed parsed = Json.parseWhole(output);
        if (!parsed.ok()) {
            return Score.fail("expected JSON with " + check.display() + ", but the output is not JSON ("
                    + parsed.problem() + "): " + Reasons.quote(output));
        }
        JsonPath.Resolution found = check.path().resolve(parsed.node());
        if (!found.found()) {
            return Score.fail("expected " + check.display() + ", but " + found.problem());
        }
        JsonNode node = found.node();
        boolean pass = switch (check.op()) {
            case EXISTS -> true;
            case EQUALS -> equalsExpected(node, check.expected());
            case MATCHES -> check.pattern().matcher(text(node)).find();
        };
        return verdict(pass, "expected " + check.display() + ", " + check.path() + " is "
                + Reasons.clip(node.toString()));
    }

    private static boolean equalsExpected(JsonNode node, String expected) {
        if (node.isTextual() && node.textValue().equals(expected)) {
            return true;
        }
        Json.Parsed asJson = Json.parseWhole(expected);
        return asJson.ok() && node.equals(BY_VALUE, asJson.node());
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.textValue() : node.toString();
    }
}
