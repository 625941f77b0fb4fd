package dev.prompteval.internal.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.prompteval.provider.ModelRequest;
import dev.prompteval.provider.ModelResponse;
import dev.prompteval.provider.ProviderException;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the three batch APIs share: the interactive call's {@link WireFormat} for each line's body and answer, its
 * authorisation headers, one {@link JsonPost} for classified failures, and the batch price.
 */
abstract class HttpBatchApi implements BatchApi {
    final WireFormat format;
    final HttpUrl baseUrl;
    final String apiKey;
    final PriceTable prices;
    final JsonPost http;
    final Secrets secrets;
    private final String endpoint;
    private final Map<String, String> extraHeaders;

    HttpBatchApi(OkHttpClient client, WireFormat format, HttpUrl baseUrl, String apiKey, boolean keyRequired,
                 String keyHint, PriceTable prices, dev.prompteval.internal.retry.RetryAfter retryAfter,
                 Map<String, String> extraHeaders) {
        this.format = format;
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.prices = prices;
        this.secrets = Secrets.of(apiKey, baseUrl);
        this.extraHeaders = Map.copyOf(extraHeaders);
        this.endpoint = format.id() + " " + Secrets.safeUrl(baseUrl);
        this.http = new JsonPost(client, apiKey, keyRequired, new HttpFailures(format,
                name() + " at " + Secrets.safeUrl(baseUrl), secrets, keyHint, retryAfter));
    }

    @Override
    public final String endpoint() {
        return endpoint;
    }

    /** A request to {@code url} with the interactive call's authorisation and extra headers. */
    final Request.Builder request(HttpUrl url) {
        Request.Builder request = new Request.Builder().url(url);
        format.headers(request, apiKey);
        extraHeaders.forEach(request::header);
        return request;
    }

    /** One line's answer read as the interactive call reads it, priced at the batch price. */
    final Result answer(JsonNode body, ModelRequest request) {
        try {
            WireFormat.Reply reply = format.parse(body, request);
            return Result.answered(new ModelResponse(reply.text(), reply.finishReason(),
                    prices.batchUsage(request.model().name(), reply.inputTokens(), reply.outputTokens())));
        } catch (ProviderException e) {
            return Result.failed(e.getMessage());
        }
    }

    /** The provider's words for a failed line, without any secret. */
    final String reason(String what, JsonNode error) {
        return secrets.redact(what + ": " + HttpFailures.providerMessage(error, error == null ? null : error.toString()));
    }

    /** The JSON objects of a JSONL file; blank lines are skipped. */
    final List<JsonNode> jsonLines(String text, String what) throws ProviderException {
        List<JsonNode> lines = new ArrayList<>();
        int number = 0;
        for (String line : text.split("\n")) {
            number++;
            if (line.isBlank()) continue;
            try {
                lines.add(Json.MAPPER.readTree(line));
            } catch (JsonProcessingException e) {
                throw format.malformed(what + " line " + number + " is not JSON (" + e.getOriginalMessage() + ")");
            }
        }
        return lines;
    }

    /** A count, also when written as a string (proto3 JSON writes int64 so, e.g. Gemini's batchStats). */
    static long count(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value != null && value.isTextual() && value.asText().matches("\\d{1,18}")) {
            return Long.parseLong(value.asText());
        }
        return Json.count(node, field);
    }
}
