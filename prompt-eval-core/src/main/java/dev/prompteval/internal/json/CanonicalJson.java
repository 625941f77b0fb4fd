package dev.prompteval.internal.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Canonical JSON (object keys sorted, no insignificant white space) and SHA-256 over it: the basis of every
 * content hash and cache key, so that formatting and key order never change an identity.
 */
public final class CanonicalJson {
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .nodeFactory(new com.fasterxml.jackson.databind.node.JsonNodeFactory(true))
            .build();

    private CanonicalJson() {
    }

    /** The canonical text of a JSON tree: keys sorted at every depth, compact. */
    public static String write(JsonNode node) {
        try {
            return CANONICAL.writeValueAsString(sortKeys(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written: " + e.getOriginalMessage(), e);
        }
    }

    /** {@code sha256:<64 hex digits>} of the canonical text. */
    public static String sha256(JsonNode node) {
        return "sha256:" + sha256Hex(write(node).getBytes(StandardCharsets.UTF_8));
    }

    /** Hex SHA-256 of bytes. */
    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    private static JsonNode sortKeys(JsonNode node) {
        if (node.isObject()) {
            var sorted = CANONICAL.createObjectNode();
            var names = new java.util.TreeSet<String>();
            node.fieldNames().forEachRemaining(names::add);
            for (String name : names) sorted.set(name, sortKeys(node.get(name)));
            return sorted;
        }
        if (node.isArray()) {
            var array = CANONICAL.createArrayNode();
            node.forEach(element -> array.add(sortKeys(element)));
            return array;
        }
        return node;
    }
}
