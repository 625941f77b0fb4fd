package dev.prompteval.internal.score;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.Optional;

/** Strict JSON reading of model outputs, shared by the JSON scorers. */
final class Json {

    /** Standard JSON only (no comments, single quotes, NaN, ...), as {@code JSON.parse} in promptfoo. */
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    /** The outcome of reading the whole output: the value, or why it is not JSON. */
    record Parsed(JsonNode node, String problem) {
        boolean ok() {
            return node != null;
        }
    }

    /** A JSON object or array found inside text, and where it starts. */
    record Embedded(JsonNode node, int start) {
    }

    /** Reads the whole text as one JSON value; surrounding whitespace is allowed, anything else is not. */
    static Parsed parseWhole(String text) {
        if (text.isBlank()) {
            return new Parsed(null, "output is empty");
        }
        try (JsonParser parser = MAPPER.createParser(text)) {
            JsonNode node = MAPPER.readTree(parser);
            var end = parser.currentLocation();
            if (hasMoreContent(parser)) {
                return new Parsed(null, "unexpected text after the end of the JSON value (line " + end.getLineNr()
                        + ", column " + end.getColumnNr() + ")");
            }
            return new Parsed(node, null);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            return new Parsed(null, e.getOriginalMessage()
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()));
        } catch (IOException e) {
            throw new IllegalStateException("reading JSON from a string failed", e);
        }
    }

    /** Whether anything but whitespace follows; text that is not even a JSON token counts too. */
    private static boolean hasMoreContent(JsonParser parser) throws IOException {
        try {
            return parser.nextToken() != null;
        } catch (JsonProcessingException e) {
            return true;
        }
    }

    /**
     * The first JSON object or array inside the text: tried at each {@code {} or {@code [} in turn, reading one
     * complete value from there and ignoring what follows it.
     */
    static Optional<Embedded> findEmbedded(String text) {
        char[] chars = text.toCharArray();
        for (int start = 0; start < chars.length; start++) {
            if (chars[start] == '{' || chars[start] == '[') {
                JsonNode node = readOneValue(chars, start);
                if (node != null) {
                    return Optional.of(new Embedded(node, start));
                }
            }
        }
        return Optional.empty();
    }

    private static JsonNode readOneValue(char[] chars, int start) {
        try (JsonParser parser = MAPPER.createParser(chars, start, chars.length - start)) {
            JsonToken first = parser.nextToken();
            return first == null ? null : MAPPER.readTree(parser);
        } catch (IOException e) {
            return null; // not JSON from this position; the caller tries the next bracket
        }
    }

    /** {@code an object}, {@code an array}, {@code a string}, ... for reasons. */
    static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT, POJO -> "an object";
            case ARRAY -> "an array";
            case STRING, BINARY -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case MISSING -> "missing";
        };
    }
}
