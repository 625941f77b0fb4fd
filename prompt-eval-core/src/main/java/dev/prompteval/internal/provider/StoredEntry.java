package dev.prompteval.internal.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prompteval.provider.ModelResponse;
import dev.prompteval.provider.Usage;

/**
 * One stored response, as JSON: {@code {"key": ..., "request": {...}, "response": {"text", "finishReason",
 * "usage": {"inputTokens", "outputTokens", "costUsd"}}}}. The same shape in cache files and recording lines.
 */
record StoredEntry(String key, JsonNode request, ModelResponse response) {

    static StoredEntry of(RequestKey key, ModelResponse response) {
        try {
            return new StoredEntry(key.hash(), Json.MAPPER.readTree(key.canonicalJson()), response);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("canonical request JSON is always valid", e);
        }
    }

    String toJson() {
        ObjectNode json = Json.object();
        json.put("key", key);
        json.set("request", request);
        ObjectNode r = json.putObject("response");
        r.put("text", response.text());
        r.put("finishReason", response.finishReason());
        r.putObject("usage")
                .put("inputTokens", response.usage().inputTokens())
                .put("outputTokens", response.usage().outputTokens())
                .put("costUsd", response.usage().costUsd());
        return Json.write(json);
    }

    /** @throws IllegalArgumentException saying what is missing or wrong */
    static StoredEntry parse(String json) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (node == null || !node.isObject()) throw new IllegalArgumentException("not a JSON object");
        String key = Json.text(node, "key");
        JsonNode response = node.get("response");
        if (key == null || !key.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("\"key\" must be 64 lowercase hex digits");
        }
        if (response == null || !response.isObject() || !response.path("text").isTextual()) {
            throw new IllegalArgumentException("\"response.text\" is missing");
        }
        JsonNode usage = response.path("usage");
        Usage u = new Usage(usage.path("inputTokens").asLong(-1), usage.path("outputTokens").asLong(-1),
                usage.path("costUsd").asDouble(0));
        return new StoredEntry(key, node.get("request"), new ModelResponse(response.get("text").asText(),
                Json.text(response, "finishReason"), u));
    }
}
