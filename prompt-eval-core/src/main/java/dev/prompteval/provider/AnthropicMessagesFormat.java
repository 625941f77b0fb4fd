package dev.prompteval.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prompteval.template.ChatMessage;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Request;

import java.util.Set;

/**
 * Anthropic Messages, {@code POST {base}/v1/messages} with {@code x-api-key} and {@code anthropic-version: 2023-06-01}.
 * System (and {@code developer}) messages go to the top-level {@code system} field, joined by blank lines.
 * {@code max_tokens} is required by the API: when the template does not set it, {@value #DEFAULT_MAX_TOKENS} is sent.
 * Input tokens include prompt-cache reads and writes, which Anthropic reports separately.
 */
final class AnthropicMessagesFormat extends WireFormat {
    static final String DEFAULT_BASE_URL = "https://api.anthropic.com";
    static final String API_VERSION = "2023-06-01";
    static final int DEFAULT_MAX_TOKENS = 1024;
    private static final Set<String> RESERVED = Set.of("model", "messages", "system", "max_tokens");

    AnthropicMessagesFormat() {
        super("anthropic-messages", "Anthropic");
    }

    @Override
    HttpUrl url(HttpUrl base, ModelRequest request) {
        return base.newBuilder().addPathSegments("v1/messages").build();
    }

    @Override
    void headers(Request.Builder http, String apiKey) {
        if (apiKey != null) http.header("x-api-key", apiKey);
        http.header("anthropic-version", API_VERSION);
    }

    @Override
    ObjectNode body(ModelRequest request) throws ProviderException {
        ObjectNode body = Json.object();
        body.put("model", request.model().name());
        Object maxTokens = request.model().parameters().get("max_tokens");
        body.set("max_tokens", Json.MAPPER.valueToTree(maxTokens == null ? DEFAULT_MAX_TOKENS : maxTokens));
        StringBuilder system = new StringBuilder();
        ArrayNode messages = Json.MAPPER.createArrayNode();
        for (ChatMessage m : request.prompt().messages()) {
            switch (m.role()) {
                case "system", "developer" -> system.append(system.length() > 0 ? "\n\n" : "").append(m.content());
                case "user", "assistant" -> messages.addObject().put("role", m.role()).put("content", m.content());
                default -> throw unsupportedRole(m.role());
            }
        }
        if (system.length() > 0) body.put("system", system.toString());
        body.set("messages", messages);
        Parameters.copy(request.model().parameters(), RESERVED, body, displayName());
        return body;
    }

    /**
     * Anthropic sends {@code retry-after} or its rate-limit headers with every rate-limit 429; a 429 with neither is
     * the workspace's spend limit, which no wait lifts.
     */
    @Override
    public boolean spendLimited(int status, Headers headers) {
        return status == 429 && headers.get("retry-after") == null
                && headers.names().stream().noneMatch(name -> name.startsWith("anthropic-ratelimit-"));
    }

    @Override
    Reply parse(JsonNode body) throws ProviderException {
        JsonNode content = body.get("content");
        if (content == null || !content.isArray()) throw malformed("no content array");
        JsonNode usage = body.get("usage");
        long input = Json.count(usage, "input_tokens");
        if (input >= 0) {
            input += Math.max(0, Json.count(usage, "cache_creation_input_tokens"))
                    + Math.max(0, Json.count(usage, "cache_read_input_tokens"));
        }
        return new Reply(Json.joinTextBlocks(content), Json.text(body, "stop_reason"), input,
                Json.count(usage, "output_tokens"));
    }
}
