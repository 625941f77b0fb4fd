package dev.prompteval.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prompteval.provider.ModelProvider;
import dev.prompteval.provider.ModelRequest;
import dev.prompteval.provider.ModelResponse;
import dev.prompteval.provider.ProviderException;
import dev.prompteval.provider.ProviderException.Kind;
import dev.prompteval.provider.Usage;
import dev.prompteval.template.ChatMessage;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;

/**
 * PLACEHOLDER, to be replaced by {@code dev.prompteval.provider.OpenAiProvider} once it exists (see
 * {@link RunnerBenchmark#provider}): the least of an OpenAI-compatible chat completions client needed to drive the
 * benchmark through real HTTP. It is not a product provider: no pricing, no cache, coarse error classification.
 */
final class PlaceholderOpenAiProvider implements ModelProvider {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType APPLICATION_JSON = MediaType.get("application/json");

    private final OkHttpClient client;
    private final HttpUrl completions;

    PlaceholderOpenAiProvider(OkHttpClient client, String baseUrl) {
        this.client = client;
        this.completions = HttpUrl.get(baseUrl + "/chat/completions");
    }

    @Override
    public ModelResponse complete(ModelRequest request) throws ProviderException {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", request.model().name());
        var messages = body.putArray("messages");
        for (ChatMessage message : request.prompt().messages()) {
            messages.addObject().put("role", message.role()).put("content", message.content());
        }
        request.model().parameters().forEach((name, value) -> body.set(name, JSON.valueToTree(value)));
        Request http;
        try {
            http = new Request.Builder().url(completions)
                    .header("Authorization", "Bearer sk-benchmark-stub")
                    .post(RequestBody.create(JSON.writeValueAsBytes(body), APPLICATION_JSON))
                    .build();
        } catch (IOException e) {
            throw new ProviderException(Kind.BAD_REQUEST, "request not serialisable: " + e.getMessage());
        }
        try (Response response = client.newCall(http).execute()) {
            if (!response.isSuccessful()) {
                Kind kind = response.code() == 429 ? Kind.RATE_LIMIT
                        : response.code() >= 500 ? Kind.SERVER : Kind.BAD_REQUEST;
                throw new ProviderException(kind, "HTTP " + response.code(), response.code(), null, null);
            }
            JsonNode json = JSON.readTree(response.body().byteStream());
            JsonNode choice = json.path("choices").path(0);
            JsonNode usage = json.path("usage");
            return new ModelResponse(choice.path("message").path("content").asText(""),
                    choice.path("finish_reason").asText(null),
                    new Usage(usage.path("prompt_tokens").asLong(-1), usage.path("completion_tokens").asLong(-1), 0));
        } catch (IOException e) {
            throw new ProviderException(Kind.NETWORK, e.toString(), 0, null, e);
        }
    }
}
