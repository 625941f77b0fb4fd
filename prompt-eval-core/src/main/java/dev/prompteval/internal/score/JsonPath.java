package dev.prompteval.internal.score;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The small JSONPath subset used by {@code json-path}: {@code $} (the root), {@code .name} (an object field; the
 * name runs up to the next {@code .}, {@code [}, {@code =}, {@code ~} or blank), {@code [n]} (a 0-based array
 * index) and {@code ['key']} or {@code ["key"]} (any field name; backslash escapes the quote or a backslash).
 * Wildcards, recursive descent ({@code ..}), filters, slices, unions and negative indexes are not supported and are
 * rejected. A field step only matches objects and an index step only arrays, so {@code $.items.0} does not index.
 */
final class JsonPath {

    /** A field name or an array index. */
    private sealed interface Step permits Field, Index {
        /** The child this step selects, or null when {@code node} has none. */
        JsonNode select(JsonNode node);
    }

    private record Field(String name) implements Step {
        @Override
        public JsonNode select(JsonNode node) {
            return node.isObject() ? node.get(name) : null;
        }

        @Override
        public String toString() {
            return isPlainName(name) ? "." + name
                    : "['" + name.replace("\\", "\\\\").replace("'", "\\'") + "']";
        }
    }

    private record Index(int index) implements Step {
        @Override
        public JsonNode select(JsonNode node) {
            return node.isArray() ? node.get(index) : null;
        }

        @Override
        public String toString() {
            return "[" + index + "]";
        }
    }

    /** A path and where it ended in the text it was read from. */
    record Prefix(JsonPath path, int end) {
    }

    /** The node a path leads to, or why there is none. */
    record Resolution(JsonNode node, String problem) {
        boolean found() {
            return node != null;
        }
    }

    private static final String SUBSET = "supported: $, .name, [n], ['key']";

    private final List<Step> steps;

    private JsonPath(List<Step> steps) {
        this.steps = List.copyOf(steps);
    }

    /**
     * Reads a path at the start of {@code text}, stopping before the first character that cannot continue it
     * (a blank, {@code =}, {@code ~} or the end).
     */
    static Prefix parsePrefix(String text) {
        if (!text.startsWith("$")) {
            throw malformed(text, 0, "a JSONPath starts with $, e.g. $.answer=42");
        }
        List<Step> steps = new ArrayList<>();
        int i = 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '.') {
                int end = nameEnd(text, i + 1);
                if (end == i + 1) {
                    throw malformed(text, i + 1, text.startsWith("..", i) ? "recursive descent (..) is not supported"
                            : "a field name must follow '.'");
                }
                steps.add(new Field(text.substring(i + 1, end)));
                i = end;
            } else if (c == '[') {
                i = bracket(text, i, steps);
            } else if (Character.isWhitespace(c) || c == '=' || c == '~') {
                break;
            } else {
                throw malformed(text, i, "unexpected '" + c + "'");
            }
        }
        return new Prefix(new JsonPath(steps), i);
    }

    /** Follows the path from {@code root}; a step that cannot be taken is described, not thrown. */
    Resolution resolve(JsonNode root) {
        JsonNode node = root;
        var at = new StringBuilder("$");
        for (Step step : steps) {
            JsonNode next = step.select(node);
            if (next == null) {
                return new Resolution(null, at + step.toString() + " not found: " + at + " is "
                        + Json.kind(node) + describeSize(node));
            }
            node = next;
            at.append(step);
        }
        return new Resolution(node, null);
    }

    @Override
    public String toString() {
        var sb = new StringBuilder("$");
        steps.forEach(sb::append);
        return sb.toString();
    }

    private static String describeSize(JsonNode node) {
        return node.isArray() ? " of " + node.size() + " elements" : "";
    }

    private static int bracket(String text, int open, List<Step> steps) {
        int i = open + 1;
        if (i < text.length() && (text.charAt(i) == '\'' || text.charAt(i) == '"')) {
            char quote = text.charAt(i);
            var name = new StringBuilder();
            for (i++; i < text.length() && text.charAt(i) != quote; i++) {
                if (text.charAt(i) == '\\' && i + 1 < text.length()) {
                    i++;
                }
                name.append(text.charAt(i));
            }
            if (i >= text.length()) {
                throw malformed(text, open, "unterminated quoted key");
            }
            steps.add(new Field(name.toString()));
            return closeBracket(text, i + 1);
        }
        int end = i;
        while (end < text.length() && Character.isDigit(text.charAt(end))) {
            end++;
        }
        if (end == i) {
            throw malformed(text, i, "expected an array index or a quoted key after '['; " + SUBSET);
        }
        try {
            steps.add(new Index(Integer.parseInt(text.substring(i, end))));
        } catch (NumberFormatException e) {
            throw malformed(text, i, "array index is too large");
        }
        return closeBracket(text, end);
    }

    private static int closeBracket(String text, int at) {
        if (at >= text.length() || text.charAt(at) != ']') {
            throw malformed(text, at, "expected ']'; " + SUBSET);
        }
        return at + 1;
    }

    private static int nameEnd(String text, int start) {
        int i = start;
        while (i < text.length() && isNameChar(text.charAt(i))) {
            i++;
        }
        if (i < text.length() && "*'\"]!<>".indexOf(text.charAt(i)) >= 0) {
            throw malformed(text, i, "unexpected '" + text.charAt(i) + "' in a field name; write a key with "
                    + "special characters as ['key']; " + SUBSET);
        }
        return i;
    }

    private static boolean isNameChar(char c) {
        return !Character.isWhitespace(c) && ".[]=~*'\"!<>".indexOf(c) < 0;
    }

    private static boolean isPlainName(String name) {
        return !name.isEmpty() && name.chars().allMatch(c -> isNameChar((char) c));
    }

    private static IllegalArgumentException malformed(String text, int index, String problem) {
        return new IllegalArgumentException("malformed JSONPath " + Reasons.quote(text) + " at column "
                + (index + 1) + ": " + problem);
    }
}
