package dev.prompteval.internal.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prompteval.provider.ModelRequest;
import dev.prompteval.template.ChatMessage;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

/**
 * The content address of a model call: SHA-256 of the canonical JSON of everything that determines the answer —
 * the endpoint (provider API and base URL), the model name, the parameters (keys sorted, {@code 0} and {@code 0.0}
 * alike), the rendered messages and the sample index. Never the API key: a key is not part of the request here.
 *
 * @param hash          64 lowercase hex digits
 * @param canonicalJson the hashed JSON, also stored next to the response so an entry can be reviewed
 */
public record RequestKey(String hash, String canonicalJson) {

    /** Bumped when the canonical form changes, so old entries miss instead of matching wrongly. */
    private static final int VERSION = 1;

    public static RequestKey of(String endpoint, ModelRequest request) {
        ObjectNode json = Json.object();
        json.put("v", VERSION);
        json.put("endpoint", endpoint);
        json.put("model", request.model().name());
        json.set("parameters", canonical(Json.MAPPER.valueToTree(request.model().parameters())));
        json.put("sample", request.sample());
        ArrayNode messages = json.putArray("messages");
        for (ChatMessage m : request.prompt().messages()) {
            ObjectNode message = messages.addObject().put("role", m.role()).put("content", m.content());
            // only when there are images, so the keys of text-only prompts (and their recordings) stay as they were
            if (!m.images().isEmpty()) message.set("images", Json.MAPPER.valueToTree(m.images()));
        }
        String text = Json.write(json);
        return new RequestKey(sha256(text), text);
    }

    /** Object keys sorted at every depth; numbers in one form per value. */
    private static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            ObjectNode sorted = Json.object();
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            for (String name : names) sorted.set(name, canonical(node.get(name)));
            return sorted;
        }
        if (node.isArray()) {
            ArrayNode array = Json.MAPPER.createArrayNode();
            node.forEach(item -> array.add(canonical(item)));
            return array;
        }
        if (node.isNumber()) {
            BigDecimal d = node.decimalValue().stripTrailingZeros();
            return d.scale() <= 0 ? BigIntegerNode.valueOf(d.toBigIntegerExact()) : DecimalNode.valueOf(d);
        }
        return node;
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
