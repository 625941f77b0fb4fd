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
import java.util.Set;
import java.util.function.Supplier;

/**
 * Gemini batch mode with inlined requests: {@code POST {base}/v1beta/models/{model}:batchGenerateContent} with
 * {@code {"batch": {"displayName", "inputConfig": {"requests": {"requests": [{"request", "metadata": {"key"}}]}}}}}
 * (each {@code request} is the interactive call's generateContent body), answered by an operation named
 * {@code batches/{id}}; {@code GET {base}/v1beta/batches/{id}} reports {@code metadata.state}, and once the batch has
 * ended its {@code metadata.output.inlinedResponses.inlinedResponses} hold each line's {@code response} or
 * {@code error}, with the {@code metadata} sent.
 */
final class GeminiBatchApi extends HttpBatchApi {
    private static final Set<String> ENDED = Set.of("BATCH_STATE_SUCCEEDED", "BATCH_STATE_FAILED",
            "BATCH_STATE_CANCELLED", "BATCH_STATE_EXPIRED", "JOB_STATE_SUCCEEDED", "JOB_STATE_FAILED",
            "JOB_STATE_CANCELLED", "JOB_STATE_EXPIRED");

    GeminiBatchApi(Supplier<OkHttpClient> client, WireFormat format, HttpUrl baseUrl, String apiKey,
                   boolean keyRequired, String keyHint, PriceTable prices, RetryAfter retryAfter,
                   Map<String, String> extraHeaders) {
        super(client, format, baseUrl, apiKey, keyRequired, keyHint, prices, retryAfter, extraHeaders);
    }

    @Override
    public String name() {
        return "Gemini batch mode";
    }

    /** Inlined requests travel in the create call, which Gemini caps at 20 MB: keep each batch well below it. */
    @Override
    public int maxLines() {
        return 1_000;
    }

    @Override
    public String submit(String model, List<Line> lines) throws ProviderException {
        ObjectNode body = Json.object();
        ObjectNode batch = body.putObject("batch");
        batch.put("displayName", "prompt-eval " + model);
        ArrayNode requests = batch.putObject("inputConfig").putObject("requests").putArray("requests");
        for (Line line : lines) {
            ObjectNode item = requests.addObject();
            item.set("request", format.body(line.request()));
            item.putObject("metadata").put("key", line.customId());
        }
        // The model is addressed as the interactive call addresses it (models/x or tunedModels/x).
        String interactive = format.url(baseUrl, lines.get(0).request()).toString();
        HttpUrl url = HttpUrl.get(interactive.replaceFirst(":generateContent$", ":batchGenerateContent"));
        JsonNode operation = http.send(request(url), body, model);
        String name = Json.text(operation, "name");
        if (name == null || !name.startsWith("batches/")) {
            throw format.malformed("the batch operation has no name batches/{id}");
        }
        return name;
    }

    @Override
    public Status status(String batchId) throws ProviderException {
        JsonNode operation = fetch(batchId);
        JsonNode metadata = operation.path("metadata");
        String state = Json.text(metadata, "state");
        boolean done = operation.path("done").asBoolean(false);
        if (state == null && !done) throw format.malformed(batchId + " has no metadata.state");
        JsonNode stats = metadata.path("batchStats");
        long total = count(stats, "requestCount");
        long pending = count(stats, "pendingRequestCount");
        long finished = total >= 0 && pending >= 0 ? total - pending
                : Math.max(0, count(stats, "successfulRequestCount")) + Math.max(0, count(stats, "failedRequestCount"));
        String problem = operation.hasNonNull("error") ? reason("Gemini batch mode: the batch failed", operation)
                : state != null && !state.endsWith("_SUCCEEDED") && ENDED.contains(state)
                ? "Gemini batch mode: the batch ended as " + state : null;
        return new Status(state == null ? "done" : state, done || ENDED.contains(state), total, finished, problem,
                batchId, null);
    }

    @Override
    public Map<String, Result> results(String batchId, Status status, Map<String, ModelRequest> requests)
            throws ProviderException {
        JsonNode operation = fetch(batchId);
        JsonNode output = operation.path("metadata").path("output");
        if (output.isMissingNode()) output = operation.path("response");
        Map<String, Result> answers = new HashMap<>();
        for (JsonNode line : output.path("inlinedResponses").path("inlinedResponses")) {
            String id = Json.text(line.path("metadata"), "key");
            ModelRequest request = id == null ? null : requests.get(id);
            if (request == null) continue;
            if (line.hasNonNull("error")) {
                answers.put(id, Result.failed(reason("Gemini batch mode", Json.object().set("error",
                        line.get("error")))));
            } else {
                answers.put(id, answer(line.path("response"), request));
            }
        }
        return answers;
    }

    /**
     * The batch's operation. Read as text, because a finished operation may carry an {@code error} (the batch
     * failed as a whole) in a successful answer, which is its state, not a failed call.
     */
    private JsonNode fetch(String batchId) throws ProviderException {
        if (!batchId.startsWith("batches/")) throw format.malformed("'" + batchId + "' is not a batch name");
        HttpUrl url = baseUrl.newBuilder().addPathSegment("v1beta").addPathSegments(batchId).build();
        String text = http.text(request(url).get(), null);
        try {
            JsonNode operation = Json.MAPPER.readTree(text);
            if (operation != null && operation.isObject()) return operation;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // reported below
        }
        throw format.malformed(batchId + " did not answer with a JSON object");
    }
}
