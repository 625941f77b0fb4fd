package dev.prompteval.internal.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prompteval.internal.retry.RetryAfter;
import dev.prompteval.provider.ModelRequest;
import dev.prompteval.provider.ProviderException;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Supplier;

/**
 * OpenAI Batch: the lines go up as a JSONL file ({@code POST {base}/files}, {@code purpose=batch}), each a
 * {@code POST /v1/chat/completions} with the interactive call's body; {@code POST {base}/batches} starts the batch,
 * {@code GET {base}/batches/{id}} reports it, and its {@code output_file_id} and {@code error_file_id} are read from
 * {@code GET {base}/files/{id}/content}.
 */
final class OpenAiBatchApi extends HttpBatchApi {
    private static final MediaType JSONL = MediaType.get("application/jsonl");
    private static final Set<String> ENDED = Set.of("completed", "failed", "expired", "cancelled");

    OpenAiBatchApi(Supplier<OkHttpClient> client, WireFormat format, HttpUrl baseUrl, String apiKey,
                   boolean keyRequired, String keyHint, PriceTable prices, RetryAfter retryAfter,
                   Map<String, String> extraHeaders) {
        super(client, format, baseUrl, apiKey, keyRequired, keyHint, prices, retryAfter, extraHeaders);
    }

    @Override
    public String name() {
        return "OpenAI Batch";
    }

    @Override
    public String submit(String model, List<Line> lines) throws ProviderException {
        StringBuilder file = new StringBuilder();
        for (Line line : lines) {
            ObjectNode json = Json.object();
            json.put("custom_id", line.customId());
            json.put("method", "POST");
            json.put("url", "/v1/chat/completions");
            json.set("body", format.body(line.request()));
            file.append(Json.write(json)).append('\n');
        }
        RequestBody upload = new MultipartBody.Builder().setType(MultipartBody.FORM)
                .addFormDataPart("purpose", "batch")
                .addFormDataPart("file", "prompt-eval-batch.jsonl", RequestBody.create(file.toString(), JSONL))
                .build();
        JsonNode uploaded = http.send(request(url("files")).post(upload), model);
        String fileId = Json.text(uploaded, "id");
        if (fileId == null) throw format.malformed("the uploaded file has no id");
        ObjectNode create = Json.object().put("input_file_id", fileId).put("endpoint", "/v1/chat/completions")
                .put("completion_window", "24h");
        JsonNode batch = http.send(request(url("batches")), create, model);
        String id = Json.text(batch, "id");
        if (id == null) throw format.malformed("the created batch has no id");
        return id;
    }

    @Override
    public Status status(String batchId) throws ProviderException {
        JsonNode batch = http.send(request(url("batches/" + batchId)).get(), null);
        String state = Json.text(batch, "status");
        if (state == null) throw format.malformed("batch " + batchId + " has no status");
        JsonNode counts = batch.path("request_counts");
        long total = count(counts, "total");
        long finished = total < 0 ? -1 : Math.max(0, count(counts, "completed")) + Math.max(0, count(counts, "failed"));
        return new Status(state, ENDED.contains(state), total, finished, problem(state, batch),
                Json.text(batch, "output_file_id"), Json.text(batch, "error_file_id"));
    }

    private String problem(String state, JsonNode batch) {
        return switch (state) {
            case "failed" -> {
                StringJoiner errors = new StringJoiner("; ");
                for (JsonNode error : batch.path("errors").path("data")) {
                    String line = error.hasNonNull("line") ? " (line " + error.get("line").asText() + ")" : "";
                    errors.add(Json.text(error, "message") + line + " [" + Json.text(error, "code") + "]");
                }
                yield secrets.redact("the batch failed: " + (errors.length() == 0 ? "no reason given" : errors));
            }
            case "expired" -> "the batch expired before every request was answered (completion window 24h)";
            case "cancelled" -> "the batch was cancelled";
            default -> null;
        };
    }

    @Override
    public Map<String, Result> results(String batchId, Status status, Map<String, ModelRequest> requests)
            throws ProviderException {
        Map<String, Result> results = new HashMap<>();
        for (String fileId : new String[] {status.resultsAt(), status.errorsAt()}) {
            if (fileId == null) continue;
            String text = http.text(request(url("files/" + fileId + "/content")).get(), null);
            for (JsonNode line : jsonLines(text, "file " + fileId)) read(line, requests, results);
        }
        return results;
    }

    /** {@code {"custom_id", "response": {"status_code", "body"}, "error": {"code", "message"}}}. */
    private void read(JsonNode line, Map<String, ModelRequest> requests, Map<String, Result> results) {
        String id = Json.text(line, "custom_id");
        ModelRequest request = id == null ? null : requests.get(id);
        if (request == null) return;
        JsonNode response = line.path("response");
        int status = response.path("status_code").asInt(0);
        if (line.hasNonNull("error")) {
            JsonNode error = line.get("error");
            results.put(id, Result.failed(secrets.redact("OpenAI Batch: " + Json.text(error, "message")
                    + " [" + Json.text(error, "code") + "]")));
        } else if (status >= 200 && status <= 299) {
            results.put(id, answer(response.path("body"), request));
        } else {
            results.put(id, Result.failed(reason("OpenAI Batch: HTTP " + status, response.get("body"))));
        }
    }

    private HttpUrl url(String path) {
        return baseUrl.newBuilder().addPathSegments(path).build();
    }
}
