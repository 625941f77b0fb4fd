package dev.prompteval.internal.score.graded;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a grader model's answer into a {@link Verdict}, tolerating the usual ways models wrap and word JSON:
 * <ul>
 *   <li>the verdict is the first JSON object in the answer that has a {@code pass} or {@code score} key, so prose
 *       before or after it, a {@code ```json} fence, or an enclosing object ({@code {"verdict": {...}}}) are
 *       fine; single quotes, unquoted keys, trailing commas and comments are accepted;</li>
 *   <li>keys are matched ignoring case and surrounding blanks; {@code passed} is read as {@code pass}, and
 *       {@code reasoning} or {@code explanation} as {@code reason};</li>
 *   <li>{@code pass} may be a boolean, the strings {@code true/false}, {@code yes/no}, {@code y/n},
 *       {@code pass/fail}, {@code passed/failed} in any case, or the numbers 1 and 0;</li>
 *   <li>{@code score} is normalised by {@link ScoreScale}.</li>
 * </ul>
 * Anything else (no such object, a {@code pass} of {@code "maybe"}, a score of 250, neither key set) is an error
 * saying what was wrong: an unreadable verdict is never taken as a fail.
 */
final class VerdictParser {

    private static final ObjectMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES, JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES,
                    JsonReadFeature.ALLOW_TRAILING_COMMA, JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .build();

    private VerdictParser() {
    }

    /** @throws IllegalArgumentException saying why the answer is not a verdict */
    static Verdict parse(String answer) {
        Map<String, JsonNode> fields = findVerdictObject(answer).orElseThrow(() -> new IllegalArgumentException(
                "it holds no JSON object with a \"pass\" or \"score\" key"));
        Boolean pass = pass(first(fields, "pass", "passed"));
        Double score = ScoreScale.read(fields.get("score"));
        if (pass == null && score == null) {
            throw new IllegalArgumentException("its JSON object sets neither \"pass\" nor \"score\"");
        }
        JsonNode reason = first(fields, "reason", "reasoning", "explanation");
        return new Verdict(pass, score, reason == null || reason.isNull() ? null
                : reason.isTextual() ? reason.asText() : reason.toString());
    }

    /** The fields, keys lower-cased and trimmed, of the first object that has a pass or score key. */
    private static Optional<Map<String, JsonNode>> findVerdictObject(String answer) {
        char[] chars = answer.toCharArray();
        for (int start = 0; start < chars.length; start++) {
            if (chars[start] != '{') {
                continue;
            }
            JsonNode node = readObjectAt(chars, start);
            if (node != null) {
                Map<String, JsonNode> fields = new HashMap<>();
                node.fields().forEachRemaining(f -> fields.putIfAbsent(
                        f.getKey().strip().toLowerCase(Locale.ROOT), f.getValue()));
                if (first(fields, "pass", "passed", "score") != null) {
                    return Optional.of(fields);
                }
            }
        }
        return Optional.empty();
    }

    private static JsonNode readObjectAt(char[] chars, int start) {
        try (JsonParser parser = LENIENT.createParser(chars, start, chars.length - start)) {
            JsonNode node = parser.nextToken() == null ? null : LENIENT.readTree(parser);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null; // no object from here; an inner brace may still start one
        }
    }

    private static JsonNode first(Map<String, JsonNode> fields, String... keys) {
        for (String key : keys) {
            if (fields.containsKey(key)) {
                return fields.get(key);
            }
        }
        return null;
    }

    private static Boolean pass(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isIntegralNumber() && (node.asLong() == 0 || node.asLong() == 1)) {
            return node.asLong() == 1;
        }
        if (node.isTextual()) {
            switch (node.asText().strip().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "y", "pass", "passed":
                    return true;
                case "false", "no", "n", "fail", "failed":
                    return false;
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("\"pass\" is " + node + "; expected true or false");
    }
}
