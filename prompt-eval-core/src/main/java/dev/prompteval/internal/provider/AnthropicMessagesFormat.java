package dev.prompteval.internal.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prompteval.provider.ModelRequest;
import dev.prompteval.provider.ProviderException;
import dev.prompteval.template.ChatMessage;
import dev.prompteval.template.ModelSpec;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Request;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Anthropic Messages, {@code POST {base}/v1/messages} with {@code x-api-key} and {@code anthropic-version: 2023-06-01}.
 * System (and {@code developer}) messages go to the top-level {@code system} field, joined by blank lines.
 * {@code max_tokens} is required by the API: when the template does not set it (nor {@code max_completion_tokens}),
 * {@value #DEFAULT_MAX_TOKENS} is sent; with extended thinking it is raised above {@code thinking.budget_tokens}.
 * OpenAI's {@code stop} becomes {@code stop_sequences}; {@code seed} is not sent (the API has none: see
 * {@link #notSent}); parameters without an equivalent ({@code n}, penalties, {@code logit_bias}...) are refused;
 * JSON mode prefills the answer with
 * {@code {} as Anthropic documents (a JSON schema is refused). OpenAI-style
 * function {@code tools} are sent in Anthropic's shape; {@code tool_use} blocks come back as {@link ToolCalls}.
 * Input tokens include prompt-cache reads and writes, which Anthropic reports separately.
 */
final class AnthropicMessagesFormat extends WireFormat {
    static final String DEFAULT_BASE_URL = "https://api.anthropic.com";
    static final String API_VERSION = "2023-06-01";
    static final int DEFAULT_MAX_TOKENS = 1024;
    private static final Set<String> RESERVED = Set.of("model", "messages", "system", "max_tokens",
            "max_completion_tokens", "stop", "seed", "response_format");
    /** OpenAI parameters the Messages API has no equivalent for; sending them is a 400. */
    private static final Set<String> UNSUPPORTED = Set.of("n", "frequency_penalty", "presence_penalty", "logit_bias",
            "logprobs", "top_logprobs");
    /** The prefilled start of the answer that makes Claude answer in JSON (Anthropic's documented JSON approach). */
    private static final String JSON_PREFILL = "{";

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

    /** The Messages API has no seed: it is left out, and the run says so once. */
    @Override
    Map<String, String> notSent(ModelSpec model) {
        return model.parameters().containsKey("seed")
                ? Map.of("seed", "Anthropic's Messages API has no seed, so samples are not reproducible")
                : Map.of();
    }

    @Override
    ObjectNode body(ModelRequest request) throws ProviderException {
        ObjectNode body = Json.object();
        body.put("model", request.model().name());
        Map<String, Object> parameters = request.model().parameters();
        for (String name : new TreeSet<>(parameters.keySet())) {
            if (UNSUPPORTED.contains(name)) {
                throw new ProviderException(ProviderException.Kind.BAD_REQUEST, "parameter " + name + " of model "
                        + request.model().name() + " has no equivalent in Anthropic's Messages API; remove it from "
                        + "the template for this provider");
            }
        }
        body.set("max_tokens", Json.tree(maxTokens(parameters)));
        StringBuilder system = new StringBuilder();
        ArrayNode messages = Json.MAPPER.createArrayNode();
        for (ChatMessage m : request.prompt().messages()) {
            if (!m.images().isEmpty() && !m.role().equals("user")) {
                throw new ProviderException(ProviderException.Kind.BAD_REQUEST, "Anthropic takes images only in user"
                        + " messages, but a " + m.role() + " message has an image_url block; move it to a user"
                        + " message");
            }
            switch (m.role()) {
                case "system", "developer" -> system.append(system.length() > 0 ? "\n\n" : "").append(m.content());
                case "user", "assistant" -> {
                    ObjectNode message = messages.addObject().put("role", m.role());
                    if (m.images().isEmpty()) {
                        message.put("content", m.content());
                    } else {
                        ArrayNode blocks = message.putArray("content");
                        if (!m.content().isEmpty()) blocks.addObject().put("type", "text").put("text", m.content());
                        for (ChatMessage.ImageUrl image : m.images()) blocks.add(image(image));
                    }
                }
                default -> throw unsupportedRole(m.role());
            }
        }
        if (system.length() > 0) body.put("system", system.toString());
        if (jsonMode(request)) messages.addObject().put("role", "assistant").put("content", JSON_PREFILL);
        body.set("messages", messages);
        Parameters.copy(parameters, RESERVED, body, displayName());
        if (body.get("tools") instanceof ArrayNode tools) body.set("tools", anthropicTools(tools));
        Object stop = parameters.get("stop");
        if (stop != null && !body.has("stop_sequences")) {
            body.set("stop_sequences", stop instanceof String one ? Json.MAPPER.createArrayNode().add(one)
                    : Json.MAPPER.valueToTree(stop));
        }
        return body;
    }

    /**
     * An image block: a {@code data:} URL as a base64 source, any other URL as a URL source (the Messages API's two
     * ways of taking an image that is not an uploaded file).
     */
    private static ObjectNode image(ChatMessage.ImageUrl image) throws ProviderException {
        ObjectNode block = Json.object().put("type", "image");
        ObjectNode source = block.putObject("source");
        java.util.regex.Matcher data = java.util.regex.Pattern.compile("data:([^;,]+);base64,(.*)", java.util.regex
                .Pattern.DOTALL).matcher(image.url());
        if (data.matches()) {
            source.put("type", "base64").put("media_type", data.group(1)).put("data", data.group(2));
        } else if (image.url().startsWith("data:")) {
            throw new ProviderException(ProviderException.Kind.BAD_REQUEST, "Anthropic takes data: image URLs only"
                    + " base64-encoded (data:<media type>;base64,...)");
        } else {
            source.put("type", "url").put("url", image.url());
        }
        return block;
    }

    /**
     * OpenAI's function tools ({@code {"type": "function", "function": {"name", "description", "parameters"}}}) as
     * Anthropic's ({@code {"name", "description", "input_schema"}}); tools already in Anthropic's shape pass through.
     */
    private static ArrayNode anthropicTools(ArrayNode tools) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (JsonNode tool : tools) {
            JsonNode function = tool.get("function");
            if (!"function".equals(Json.text(tool, "type")) || function == null) {
                out.add(tool);
                continue;
            }
            ObjectNode translated = out.addObject().put("name", Json.text(function, "name"));
            if (function.hasNonNull("description")) translated.set("description", function.get("description"));
            translated.set("input_schema", function.hasNonNull("parameters") ? function.get("parameters")
                    : Json.object().put("type", "object"));
        }
        return out;
    }

    /**
     * {@code max_tokens}, else {@code max_completion_tokens}, else {@value #DEFAULT_MAX_TOKENS}; with extended
     * thinking it must exceed {@code thinking.budget_tokens}, so the answer gets that many tokens on top of it.
     */
    private static long maxTokens(Map<String, Object> parameters) {
        Object set = parameters.containsKey("max_tokens") ? parameters.get("max_tokens")
                : parameters.get("max_completion_tokens");
        long max = set instanceof Number n ? n.longValue() : DEFAULT_MAX_TOKENS;
        if (parameters.get("thinking") instanceof Map<?, ?> thinking
                && thinking.get("budget_tokens") instanceof Number budget && max <= budget.longValue()) {
            return budget.longValue() + max;
        }
        return max;
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

    /**
     * OpenAI's JSON mode ({@code response_format: {"type": "json_object"}}) the way Anthropic documents it: the answer
     * is prefilled with {@code {}, and the prefill is put back in front of the text. A JSON schema cannot be enforced
     * that way, and extended thinking does not allow a prefill: both are refused.
     */
    private boolean jsonMode(ModelRequest request) throws ProviderException {
        Object format = request.model().parameters().get("response_format");
        if (format == null) return false;
        Object type = format instanceof Map<?, ?> map ? map.get("type") : null;
        if ("text".equals(type)) return false;
        if ("json_object".equals(type) && !request.model().parameters().containsKey("thinking")) return true;
        throw new ProviderException(ProviderException.Kind.BAD_REQUEST, "parameter response_format " + format
                + " of model " + request.model().name() + " cannot be sent to Anthropic: only {type: json_object} "
                + "(without thinking) has an equivalent (the answer prefilled with '{'); remove it or use json_object");
    }

    @Override
    Reply parse(JsonNode body, ModelRequest request) throws ProviderException {
        Reply reply = parse(body);
        boolean toolUse = false;
        for (JsonNode block : body.path("content")) toolUse |= "tool_use".equals(Json.text(block, "type"));
        if (!jsonMode(request) || toolUse) return reply;
        return new Reply(JSON_PREFILL + reply.text(), reply.finishReason(), reply.inputTokens(), reply.outputTokens());
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
        ToolCalls calls = new ToolCalls();
        for (JsonNode block : content) {
            if ("tool_use".equals(Json.text(block, "type"))) {
                calls.add(Json.text(block, "id"), Json.text(block, "name"), block.get("input"));
            }
        }
        return new Reply(calls.output(Json.joinTextBlocks(content)), Json.text(body, "stop_reason"), input,
                Json.count(usage, "output_tokens"));
    }
}
