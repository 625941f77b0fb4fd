package dev.prompteval.internal.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prompteval.provider.ModelRequest;
import dev.prompteval.provider.ProviderException;
import dev.prompteval.template.ChatMessage;
import dev.prompteval.template.ModelSpec;
import okhttp3.HttpUrl;
import okhttp3.Request;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * OpenAI chat completions, {@code POST {base}/chat/completions}; also what Ollama, vLLM, LM Studio, llama.cpp server
 * and OpenRouter serve. Messages and parameters pass through unchanged, except that {@code max_tokens} is sent as
 * {@code max_completion_tokens} to o-series and gpt-5 models, which get no {@code temperature} or {@code top_p}
 * ({@link #notSent}). A refusal ({@code message.refusal}) is
 * returned as the text with finish reason {@code refusal}, so scorers and reports see it. Tool calls
 * ({@code message.tool_calls}) are returned as the output in the shape {@link ToolCalls} documents.
 */
final class OpenAiChatFormat extends WireFormat {
    static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
    private static final Set<String> RESERVED = Set.of("model", "messages");
    /** Compiled once: every call's body asks, twice. */
    private static final Pattern REASONING_MODEL = Pattern.compile("(o\\d+|gpt-5)([-.:].*)?");

    OpenAiChatFormat() {
        super("openai-chat", "OpenAI-compatible chat completions");
    }

    @Override
    HttpUrl url(HttpUrl base, ModelRequest request) {
        return base.newBuilder().addPathSegments("chat/completions").build();
    }

    @Override
    void headers(Request.Builder http, String apiKey) {
        bearer(http, apiKey);
    }

    /** OpenAI's authorisation, {@code Authorization: Bearer <key>}, when there is a key. */
    static void bearer(Request.Builder http, String apiKey) {
        if (apiKey != null) http.header("Authorization", "Bearer " + apiKey);
    }

    @Override
    ObjectNode body(ModelRequest request) throws ProviderException {
        ObjectNode body = Json.object();
        body.put("model", request.model().name());
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage m : request.prompt().messages()) {
            ObjectNode message = messages.addObject().put("role", m.role());
            if (m.images().isEmpty()) {
                message.put("content", m.content());
                continue;
            }
            // content parts: the text, then each image as an image_url part (Chat Completions' vision input)
            ArrayNode parts = message.putArray("content");
            if (!m.content().isEmpty()) parts.addObject().put("type", "text").put("text", m.content());
            for (ChatMessage.ImageUrl image : m.images()) {
                ObjectNode url = parts.addObject().put("type", "image_url").putObject("image_url")
                        .put("url", image.url());
                if (image.detail() != null) url.put("detail", image.detail());
            }
        }
        Parameters.copy(request.model().parameters(), RESERVED, body, displayName());
        if (reasoningModel(request.model().name()) && body.has("max_tokens") && !body.has("max_completion_tokens")) {
            body.set("max_completion_tokens", body.remove("max_tokens"));
        }
        notSent(request.model()).keySet().forEach(body::remove);
        return body;
    }

    /**
     * The o-series and gpt-5 models answer {@code temperature} and {@code top_p} with {@code 400
     * unsupported_parameter} (or accept only the default, 1): they are left out, and the run says so once.
     */
    @Override
    Map<String, String> notSent(ModelSpec model) {
        if (!reasoningModel(model.name())) return Map.of();
        Map<String, String> notSent = new TreeMap<>();
        for (String name : new String[] {"temperature", "top_p"}) {
            if (model.parameters().containsKey(name)) {
                notSent.put(name, "OpenAI's reasoning models (o-series, gpt-5) take only their default, so "
                        + "sampling is the model's own");
            }
        }
        return notSent;
    }

    /**
     * The o-series and gpt-5 models reject {@code max_tokens} ({@code unsupported_parameter}); the API reference
     * names {@code max_completion_tokens} as its replacement. A provider prefix ({@code openai/o3}) is ignored.
     */
    static boolean reasoningModel(String model) {
        String name = model.substring(model.lastIndexOf('/') + 1).toLowerCase(java.util.Locale.ROOT);
        return REASONING_MODEL.matcher(name).matches();
    }

    @Override
    Reply parse(JsonNode body) throws ProviderException {
        JsonNode choices = body.get("choices");
        if (choices == null || !choices.isArray() || choices.isEmpty()) {
            throw malformed("no choices[0]");
        }
        JsonNode message = choices.get(0).get("message");
        if (message == null || !message.isObject()) throw malformed("no choices[0].message");
        String text = content(message.get("content"));
        String finish = Json.text(choices.get(0), "finish_reason");
        String refusal = Json.text(message, "refusal");
        if (refusal != null && !refusal.isEmpty()) {
            if (text.isEmpty()) text = refusal;
            finish = "refusal";
        }
        ToolCalls calls = new ToolCalls();
        for (JsonNode call : message.path("tool_calls")) {
            JsonNode function = call.path("function");
            calls.addWithArgumentsText(Json.text(call, "id"), Json.text(function, "name"),
                    Json.text(function, "arguments"));
        }
        text = calls.output(text);
        JsonNode usage = body.get("usage");
        return new Reply(text, finish, Json.count(usage, "prompt_tokens"), Json.count(usage, "completion_tokens"));
    }

    /** A string, null, or (some compatible servers) an array of {type: text, text} parts. */
    private static String content(JsonNode content) {
        if (content == null || content.isNull()) return "";
        return content.isArray() ? Json.joinTextBlocks(content) : content.asText();
    }
}
