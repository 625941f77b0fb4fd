package dev.prompteval.internal.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prompteval.internal.retry.RetryAfter;
import dev.prompteval.provider.ModelRequest;
import dev.prompteval.provider.ProviderException;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Anthropic Message Batches: {@code POST {base}/v1/messages/batches} with one {@code {custom_id, params}} per line
 * ({@code params} is the interactive call's Messages body), {@code GET {base}/v1/messages/batches/{id}}, and the
 * {@code results_url} JSONL once {@code processing_status} is {@code ended}: each line {@code succeeded} (with the
 * message), {@code errored} (with the error), {@code canceled} or {@code expired}.
 */
final class AnthropicBatchApi extends HttpBatchApi {

    AnthropicBatchApi(Supplier<OkHttpClient> client, WireFormat format, HttpUrl baseUrl, String apiKey,
                      boolean keyRequired, String keyHint, PriceTable prices, RetryAfter retryAfter,
                      Map<String, String> extraHeaders) {
        super(client, format, baseUrl, apiKey, keyRequired, keyHint, prices, retryAfter, extraHeaders);
    }

    @Override
    public String name() {
        return "Anthropic Message Batches";
    }

    @Override
    public String submit(String model, List<Line> lines) throws ProviderException {
        ObjectNode body = Json.object();
        ArrayNode requests = body.putArray("requests");
        for (Line line : lines) {
            requests.addObject().put("custom_id", line.customId()).set("params", format.body(line.request()));
        }
        JsonNode batch = http.send(request(url("v1/messages/batches")), body, model);
        String id = Json.text(batch, "id");
        if (id == null) throw format.malformed("the created message batch has no id");
        return id;
    }

    @Override
    public Status status(String batchId) throws ProviderException {
        JsonNode batch = http.send(request(url("v1/messages/batches/" + batchId)).get(), null);
        String state = Json.text(batch, "processing_status");
        if (state == null) throw format.malformed("message batch " + batchId + " has no processing_status");
        JsonNode counts = batch.path("request_counts");
        long processing = Math.max(0, count(counts, "processing"));
        long finished = 0;
        for (String done : new String[] {"succeeded", "errored", "canceled", "expired"}) {
            finished += Math.max(0, count(counts, done));
        }
        return new Status(state, "ended".equals(state), processing + finished, finished, null,
                Json.text(batch, "results_url"), null);
    }

    @Override
    public Map<String, Result> results(String batchId, Status status, Map<String, ModelRequest> requests)
            throws ProviderException {
        if (status.resultsAt() == null) throw format.malformed("the ended message batch " + batchId
                + " has no results_url");
        HttpUrl results = HttpUrl.parse(status.resultsAt());
        // The key goes with the download: only to the API's own scheme, host and port.
        if (results == null || !results.scheme().equals(baseUrl.scheme()) || !results.host().equals(baseUrl.host())
                || results.port() != baseUrl.port()) {
            throw new ProviderException(ProviderException.Kind.BAD_REQUEST, "the results_url of message batch "
                    + batchId + " is not on " + Secrets.safeUrl(baseUrl) + "; prompt-eval sends the API key to no "
                    + "other address, so the results were not downloaded");
        }
        Map<String, Result> answers = new HashMap<>();
        for (JsonNode line : jsonLines(http.text(request(results).get(), null), "results of " + batchId)) {
            String id = Json.text(line, "custom_id");
            ModelRequest request = id == null ? null : requests.get(id);
            if (request == null) continue;
            JsonNode result = line.path("result");
            String type = Json.text(result, "type");
            answers.put(id, switch (type == null ? "" : type) {
                case "succeeded" -> answer(result.path("message"), request);
                // {"type": "errored", "error": {"type": "error", "error": {"type": ..., "message": ...}}}
                case "errored" -> Result.failed(reason("Anthropic Message Batches: errored", result.get("error")));
                case "canceled" -> Result.failed("Anthropic Message Batches: the request was canceled before it "
                        + "was processed");
                case "expired" -> Result.failed("Anthropic Message Batches: the request expired (the batch's 24 "
                        + "hours ended) before it was processed");
                default -> Result.failed("Anthropic Message Batches: unknown result type '" + type + "'");
            });
        }
        return answers;
    }

    private HttpUrl url(String path) {
        return baseUrl.newBuilder().addPathSegments(path).build();
    }
}
