package dev.prompteval.internal.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prompteval.internal.retry.RetryAfter;
import dev.prompteval.provider.ProviderException.Kind;
import dev.prompteval.provider.ProviderException;
import dev.prompteval.provider.Usage;
import dev.prompteval.template.ModelSpec;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OpenAI-compatible embeddings, {@code POST {base}/embeddings} with {@code Authorization: Bearer <key>} and the body
 * {@code {"model": ..., "input": [texts...]}} plus the model's parameters (e.g. {@code dimensions}). Each
 * {@code data[i].embedding} is placed by its {@code data[i].index} (the API reference does not promise input order);
 * a server that omits {@code index} is read in order. Usage is {@code usage.prompt_tokens}; embeddings have no output
 * tokens. Only float vectors are read: {@code encoding_format: base64} is refused when the answer comes back.
 */
final class OpenAiEmbeddings implements EmbeddingProvider {
    static final String ID = "openai-embeddings";
    private static final String NAME = "OpenAI-compatible embeddings";
    private static final Set<String> RESERVED = Set.of("model", "input");

    private final HttpUrl baseUrl;
    private final String apiKey;
    private final PriceTable prices;
    private final JsonPost post;
    private final Map<String, String> extraHeaders;

    /** Parameters as for {@link HttpModelProvider}. */
    OpenAiEmbeddings(OkHttpClient client, HttpUrl baseUrl, String apiKey, boolean keyRequired, String keyHint,
                     PriceTable prices, RetryAfter retryAfter, Map<String, String> extraHeaders) {
        this.extraHeaders = Map.copyOf(extraHeaders);
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.prices = prices;
        this.post = new JsonPost(client, apiKey, keyRequired, new HttpFailures(HttpFailures.ErrorReading.NONE,
                NAME + " at " + Secrets.safeUrl(baseUrl), Secrets.of(apiKey, baseUrl), keyHint, retryAfter));
    }

    @Override
    public String endpoint() {
        return ID + " " + Secrets.safeUrl(baseUrl);
    }

    @Override
    public Embeddings embed(ModelSpec model, List<String> inputs) throws ProviderException {
        if (inputs.isEmpty()) throw new IllegalArgumentException("nothing to embed");
        ObjectNode body = Json.object();
        body.put("model", model.name());
        inputs.forEach(body.putArray("input")::add);
        Parameters.copy(model.parameters(), RESERVED, body, NAME);
        Request.Builder http = new Request.Builder().url(baseUrl.newBuilder().addPathSegment("embeddings").build());
        OpenAiChatFormat.bearer(http, apiKey);
        extraHeaders.forEach(http::header);
        JsonNode json = post.send(http, body, model.name());
        return new Embeddings(Arrays.asList(vectors(json.get("data"), inputs.size())),
                prices.usage(model.name(), Json.count(json.get("usage"), "prompt_tokens"), 0));
    }

    private static double[][] vectors(JsonNode data, int expected) throws ProviderException {
        if (data == null || !data.isArray()) throw malformed("no data array");
        if (data.size() != expected) {
            throw malformed("asked for " + expected + " embeddings, got " + data.size());
        }
        double[][] vectors = new double[expected][];
        for (int pos = 0; pos < expected; pos++) {
            JsonNode item = data.get(pos);
            JsonNode index = item.get("index");
            if (index != null && !index.canConvertToInt()) throw malformed("data[" + pos + "].index is not a number");
            int at = index == null ? pos : index.asInt();
            if (at < 0 || at >= expected || vectors[at] != null) {
                throw malformed("data[" + pos + "].index " + at + " is out of range or repeated");
            }
            vectors[at] = vector(item.get("embedding"), pos);
        }
        return vectors;
    }

    private static double[] vector(JsonNode embedding, int pos) throws ProviderException {
        if (embedding != null && embedding.isTextual()) {
            throw malformed("data[" + pos + "].embedding is a base64 string; remove the encoding_format parameter, "
                    + "only float vectors are read");
        }
        if (embedding == null || !embedding.isArray() || embedding.isEmpty()) {
            throw malformed("data[" + pos + "].embedding is not a non-empty array of numbers");
        }
        double[] vector = new double[embedding.size()];
        for (int i = 0; i < vector.length; i++) {
            JsonNode x = embedding.get(i);
            if (!x.isNumber()) throw malformed("data[" + pos + "].embedding[" + i + "] is not a number");
            vector[i] = x.asDouble();
        }
        return vector;
    }

    private static ProviderException malformed(String what) {
        return new ProviderException(Kind.MALFORMED_RESPONSE, NAME + " response is malformed: " + what);
    }
}
