package dev.prompteval.internal.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prompteval.internal.retry.RetryAfter;
import dev.prompteval.provider.ModelProvider;
import dev.prompteval.provider.ModelRequest;
import dev.prompteval.provider.ModelResponse;
import dev.prompteval.provider.ProviderException;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** A model behind an HTTP API in some {@link WireFormat}: one POST per call, no retries, errors classified. */
final class HttpModelProvider implements ModelProvider {
    private final WireFormat format;
    private final HttpUrl baseUrl;
    private final String apiKey;
    private final PriceTable prices;
    private final JsonPost post;
    private final Map<String, String> extraHeaders;
    /** Each model's URL, made on its first call: building one parses and encodes the path again. */
    private final Map<String, HttpUrl> urls = new ConcurrentHashMap<>();

    /**
     * @param apiKey      the key, or null
     * @param keyRequired when true and there is no key, calls fail with AUTH before anything is sent
     * @param keyHint     how to supply a key, for messages
     * @param extraHeaders sent with every call, e.g. {@code OpenAI-Organization}
     */
    HttpModelProvider(Supplier<OkHttpClient> client, WireFormat format, HttpUrl baseUrl, String apiKey,
                      boolean keyRequired, String keyHint, PriceTable prices, RetryAfter retryAfter,
                      Map<String, String> extraHeaders) {
        this.extraHeaders = Map.copyOf(extraHeaders);
        this.format = format;
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.prices = prices;
        this.post = new JsonPost(client, apiKey, keyRequired, new HttpFailures(format,
                format.displayName() + " at " + Secrets.safeUrl(baseUrl), Secrets.of(apiKey, baseUrl), keyHint,
                retryAfter));
    }

    @Override
    public String endpoint() {
        return format.id() + " " + Secrets.safeUrl(baseUrl);
    }

    @Override
    public ModelResponse complete(ModelRequest request) throws ProviderException {
        String model = request.model().name();
        HttpUrl url = urls.computeIfAbsent(model, name -> format.url(baseUrl, request));
        Request.Builder http = new Request.Builder().url(url);
        format.headers(http, apiKey);
        extraHeaders.forEach(http::header);
        JsonNode json = post.send(http, format.body(request), model);
        WireFormat.Reply reply = format.parse(json, request);
        return new ModelResponse(reply.text(), reply.finishReason(),
                prices.usage(model, reply.inputTokens(), reply.outputTokens()));
    }
}
