package dev.prompteval.internal.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The one ObjectMapper of the package and small helpers for reading provider JSON. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise JSON tree", e); // a tree always serialises
        }
    }

    /**
     * As {@code MAPPER.valueToTree(value)}, the same node, but the scalars a template's parameters mostly are (a
     * temperature, a token limit) are made directly: databind's serialisation into a token buffer and back costs
     * several of them per call.
     */
    static JsonNode tree(Object value) {
        JsonNodeFactory nodes = MAPPER.getNodeFactory();
        if (value instanceof String text) return nodes.textNode(text);
        if (value instanceof Integer number) return nodes.numberNode(number.intValue());
        if (value instanceof Long number) return nodes.numberNode(number.longValue());
        if (value instanceof Double number) return nodes.numberNode(number.doubleValue());
        if (value instanceof Boolean flag) return nodes.booleanNode(flag);
        return MAPPER.valueToTree(value);
    }

    /** The text of a field, or null when it is missing or JSON null. */
    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** Concatenates the {@code text} of the blocks whose {@code type} is {@code text} (OpenAI parts, Anthropic blocks). */
    static String joinTextBlocks(JsonNode blocks) {
        StringBuilder text = new StringBuilder();
        for (JsonNode block : blocks) {
            String t = text(block, "text");
            if ("text".equals(text(block, "type")) && t != null) text.append(t);
        }
        return text.toString();
    }

    /** A token count, or -1 when the field is missing or not a number. */
    static long count(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.canConvertToLong() ? value.asLong() : -1;
    }
}
