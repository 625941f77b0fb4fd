package dev.prompteval.internal.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prompteval.internal.retry.RetryAfter;
import dev.prompteval.provider.ModelRequest;
import dev.prompteval.provider.ProviderException;
import dev.prompteval.template.ChatMessage;
import okhttp3.HttpUrl;
import okhttp3.Request;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Google Gemini, {@code POST {base}/v1beta/models/{model}:generateContent} with the key in {@code x-goog-api-key}
 * (never in the URL, so it cannot reach a log). Roles map to {@code user}/{@code model}; system messages become
 * {@code systemInstruction}. Parameters go to {@code generationConfig} in Gemini's camelCase: {@code max_tokens}
 * becomes {@code maxOutputTokens}, {@code stop} becomes {@code stopSequences}, any other snake_case name is
 * camel-cased ({@code top_p} to {@code topP}); {@code response_format} (JSON mode, JSON schema) becomes
 * {@code responseMimeType} (and {@code responseJsonSchema}); {@code safety_settings}, {@code tools},
 * {@code tool_config}, {@code cached_content}, {@code service_tier} and {@code labels} go to the top level, as the
 * API wants them; {@code stream: false} is not sent. A tuned model ({@code tunedModels/x}) is called at
 * {@code v1beta/tunedModels/x:generateContent}. OpenAI-style function {@code tools} become
 * {@code functionDeclarations}; {@code functionCall} parts come back as {@link ToolCalls}.
 * A blocked prompt (no candidates, {@code promptFeedback.blockReason}) is an empty text with finish reason
 * {@code PROMPT_BLOCKED:<reason>}. Output tokens include thinking tokens, which are billed as output.
 */
final class GeminiFormat extends WireFormat {
    static final String DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com";
    private static final Map<String, String> RENAMES = Map.of(
            "max_tokens", "maxOutputTokens", "max_completion_tokens", "maxOutputTokens", "stop", "stopSequences");
    /** Request fields that sit next to {@code contents}, not inside {@code generationConfig}. */
    private static final Set<String> TOP_LEVEL = Set.of("safetySettings", "tools", "toolConfig", "cachedContent",
            "serviceTier", "labels");

    GeminiFormat() {
        super("gemini", "Gemini");
    }

    @Override
    HttpUrl url(HttpUrl base, ModelRequest request) {
        String model = request.model().name();
        // A tuned model is addressed under its own collection: v1beta/tunedModels/{id}:generateContent.
        String collection = model.startsWith("tunedModels/") ? "tunedModels" : "models";
        int slash = model.indexOf('/');
        if (model.startsWith("models/") || model.startsWith("tunedModels/")) model = model.substring(slash + 1);
        return base.newBuilder().addPathSegment("v1beta").addPathSegment(collection)
                .addPathSegment(model + ":generateContent").build();
    }

    @Override
    void headers(Request.Builder http, String apiKey) {
        if (apiKey != null) http.header("x-goog-api-key", apiKey);
    }

    @Override
    ObjectNode body(ModelRequest request) throws ProviderException {
        ObjectNode body = Json.object();
        ArrayNode contents = body.putArray("contents");
        ArrayNode systemParts = Json.MAPPER.createArrayNode();
        for (ChatMessage m : request.prompt().messages()) {
            if (!m.images().isEmpty()) {
                throw new ProviderException(ProviderException.Kind.BAD_REQUEST, "Gemini's generateContent takes"
                        + " images as inline data or uploaded files, not as image URLs, and the template has an"
                        + " image_url block; evaluate it with openai, azure or anthropic, or remove the image");
            }
            switch (m.role()) {
                case "system", "developer" -> systemParts.addObject().put("text", m.content());
                case "user" -> addContent(contents, "user", m.content());
                case "assistant", "model" -> addContent(contents, "model", m.content());
                default -> throw unsupportedRole(m.role());
            }
        }
        if (!systemParts.isEmpty()) body.putObject("systemInstruction").set("parts", systemParts);
        ObjectNode config = Json.object();
        for (Map.Entry<String, Object> p : new TreeMap<>(request.model().parameters()).entrySet()) {
            if (p.getKey().equals("stream")) {
                Parameters.refuseStreaming(p.getValue(), displayName());
                continue;
            }
            String name = RENAMES.getOrDefault(p.getKey(), camelCase(p.getKey()));
            JsonNode value = Json.tree(p.getValue());
            if (name.equals("stopSequences") && value.isTextual()) value = Json.MAPPER.createArrayNode().add(value);
            if (name.equals("responseFormat")) {
                jsonMode(value, config);
                continue;
            }
            if (name.equals("tools") && value.isArray()) value = geminiTools(value);
            (TOP_LEVEL.contains(name) ? body : config).set(name, value);
        }
        if (!config.isEmpty()) body.set("generationConfig", config);
        return body;
    }

    /**
     * OpenAI's {@code response_format} in Gemini's terms: {@code json_object} is {@code responseMimeType:
     * application/json}; {@code json_schema} adds its schema as {@code responseJsonSchema} (Gemini's field for a
     * standard JSON Schema); {@code text} is the default and sends nothing.
     */
    private void jsonMode(JsonNode format, ObjectNode config) throws ProviderException {
        String type = Json.text(format, "type");
        if ("text".equals(type)) return;
        if ("json_object".equals(type)) {
            config.put("responseMimeType", "application/json");
            return;
        }
        JsonNode schema = format.path("json_schema").get("schema");
        if ("json_schema".equals(type) && schema != null && schema.isObject()) {
            config.put("responseMimeType", "application/json");
            config.set("responseJsonSchema", schema);
            return;
        }
        throw new ProviderException(ProviderException.Kind.BAD_REQUEST, "parameter response_format " + format
                + " cannot be sent to " + displayName() + ": use {\"type\": \"json_object\"} or {\"type\": "
                + "\"json_schema\", \"json_schema\": {\"name\": ..., \"schema\": {...}}}");
    }

    /**
     * OpenAI's function tools as one Gemini tool of {@code functionDeclarations}, each with its JSON Schema as
     * {@code parametersJsonSchema}; tools already in Gemini's shape pass through.
     */
    private static JsonNode geminiTools(JsonNode tools) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        ArrayNode declarations = null;
        for (JsonNode tool : tools) {
            JsonNode function = tool.get("function");
            if (!"function".equals(Json.text(tool, "type")) || function == null) {
                out.add(tool);
                continue;
            }
            if (declarations == null) declarations = out.addObject().putArray("functionDeclarations");
            ObjectNode declaration = declarations.addObject().put("name", Json.text(function, "name"));
            if (function.hasNonNull("description")) declaration.set("description", function.get("description"));
            if (function.hasNonNull("parameters")) declaration.set("parametersJsonSchema", function.get("parameters"));
        }
        return out;
    }

    private static void addContent(ArrayNode contents, String role, String text) {
        ObjectNode content = contents.addObject().put("role", role);
        content.putArray("parts").addObject().put("text", text);
    }

    static String camelCase(String name) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : name.toCharArray()) {
            if (c == '_') {
                upper = out.length() > 0;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    @Override
    Reply parse(JsonNode body) throws ProviderException {
        JsonNode usage = body.get("usageMetadata");
        long input = Json.count(usage, "promptTokenCount");
        long output = Json.count(usage, "candidatesTokenCount");
        long thoughts = Json.count(usage, "thoughtsTokenCount");
        if (thoughts > 0) output = Math.max(0, output) + thoughts;
        JsonNode candidates = body.get("candidates");
        if (candidates == null || !candidates.isArray() || candidates.isEmpty()) {
            String blockReason = Json.text(body.get("promptFeedback"), "blockReason");
            if (blockReason == null) throw malformed("no candidates and no promptFeedback.blockReason");
            return new Reply("", "PROMPT_BLOCKED:" + blockReason, input, output);
        }
        JsonNode candidate = candidates.get(0);
        StringBuilder text = new StringBuilder();
        JsonNode parts = candidate.path("content").path("parts");
        ToolCalls calls = new ToolCalls();
        for (JsonNode part : parts) {
            String t = Json.text(part, "text");
            if (t != null && !part.path("thought").asBoolean(false)) text.append(t);
            JsonNode call = part.get("functionCall");
            if (call != null) calls.add(Json.text(call, "id"), Json.text(call, "name"), call.get("args"));
        }
        return new Reply(calls.output(text.toString()), Json.text(candidate, "finishReason"), input, output);
    }

    /** {@code error.details[]} of type {@code google.rpc.RetryInfo} carries {@code retryDelay}, e.g. {@code "30s"}. */
    @Override
    public Duration retryAfter(JsonNode errorBody) {
        for (JsonNode detail : errorBody.path("error").path("details")) {
            String type = Json.text(detail, "@type");
            String delay = Json.text(detail, "retryDelay");
            if (type != null && type.endsWith("google.rpc.RetryInfo") && delay != null) {
                return RetryAfter.goDuration(delay);
            }
        }
        return null;
    }
}
