package dev.prompteval.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;

/** A model behind an HTTP API in some {@link WireFormat}: one POST per call, no retries, errors classified. */
final class HttpModelProvider implements ModelProvider {
    private static final MediaType JSON = MediaType.get("application/json");

    private final OkHttpClient client;
    private final WireFormat format;
    private final HttpUrl baseUrl;
    private final String apiKey;
    private final boolean keyRequired;
    private final PriceTable prices;
    private final HttpFailures failures;

    /**
     * @param apiKey      the key, or null
     * @param keyRequired when true and there is no key, calls fail with AUTH before anything is sent
     * @param keyHint     how to supply a key, for messages
     */
    HttpModelProvider(OkHttpClient client, WireFormat format, HttpUrl baseUrl, String apiKey, boolean keyRequired,
                      String keyHint, PriceTable prices, RetryAfter retryAfter) {
        this.client = client;
        this.format = format;
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.keyRequired = keyRequired;
        this.prices = prices;
        this.failures = new HttpFailures(format, format.displayName() + " at " + baseUrl, apiKey, keyHint, retryAfter);
    }

    @Override
    public String endpoint() {
        return format.id() + " " + baseUrl;
    }

    @Override
    public ModelResponse complete(ModelRequest request) throws ProviderException {
        if (apiKey == null && keyRequired) throw failures.missingKey();
        Request.Builder http = new Request.Builder()
                .url(format.url(baseUrl, request))
                .post(RequestBody.create(Json.write(format.body(request)), JSON));
        format.headers(http, apiKey);
        int status;
        String body;
        Headers headers;
        try (Response response = client.newCall(http.build()).execute()) {
            status = response.code();
            headers = response.headers();
            body = response.body().string();
        } catch (IOException e) {
            throw failures.io(e);
        }
        JsonNode json = parse(body);
        String model = request.model().name();
        if (status < 200 || status > 299) throw failures.status(status, headers, json, body, model);
        if (json == null || !json.isObject()) throw failures.notJson(body);
        if (json.hasNonNull("error")) throw failures.embeddedError(headers, json, body, model);
        WireFormat.Reply reply = format.parse(json);
        return new ModelResponse(reply.text(), reply.finishReason(),
                prices.usage(model, reply.inputTokens(), reply.outputTokens()));
    }

    private static JsonNode parse(String body) {
        try {
            return body.isBlank() ? null : Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
