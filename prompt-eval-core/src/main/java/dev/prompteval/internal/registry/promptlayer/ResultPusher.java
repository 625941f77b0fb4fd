package dev.prompteval.internal.registry.promptlayer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prompteval.internal.registry.EvalRunRecord.RowOutcome;
import dev.prompteval.internal.registry.EvalRunRecord;
import dev.prompteval.internal.registry.RegistryException.Kind;
import dev.prompteval.internal.registry.RegistryException;
import dev.prompteval.internal.registry.StoredResults;
import dev.prompteval.internal.template.PromptTemplate;
import dev.prompteval.template.ModelSpec;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Pushes an eval run to PromptLayer: one {@code POST /log-request} per row (the rendered messages that were sent as
 * input, the row's output, tokens, price, the call's start and end, score 0-100, run metadata), then one
 * {@code POST /rest/track-score} per named score with the logged request's id. Rows go out in parallel, at most
 * {@code concurrency} at a time; after the first failure the rows not yet started are not sent, and the error says
 * how many were.
 *
 * <p>PromptLayer's log call has no idempotency key: each call creates an entry. So a push first asks
 * {@code POST /api/public/v2/requests/search} which rows of this run (metadata {@code run_id}) are already logged and
 * logs only the others; a log call whose outcome is unknown (no answer in time) is never sent again within the push,
 * the next push finds it if it landed. Named scores are (re)tracked on every row, which is safe: tracking a score
 * under the same name sets it.
 */
final class ResultPusher {
    /** The metadata key carrying the spread of a row's paired difference, which plans later runs. */
    static final String DIFFERENCE_SD = "difference_sd";
    private static final List<String> SEARCH = List.of("api", "public", "v2", "requests", "search");
    private final PromptLayerHttp http;
    private final int concurrency;
    private final Clock clock;

    ResultPusher(PromptLayerHttp http, int concurrency, Clock clock) {
        this.http = http;
        this.concurrency = concurrency;
        this.clock = clock;
    }

    void push(String name, long promptId, int version, PromptTemplate template, EvalRunRecord run) {
        ModelSpec model = template.model();
        if (model.provider() == null || model.name() == null) {
            throw new RegistryException(Kind.INVALID, "prompt " + name + " version " + version + " names no model"
                    + " (metadata.model.provider and .name); PromptLayer needs both to log results, so set them"
                    + " on the prompt in PromptLayer");
        }
        List<RowOutcome> rows = run.rows();
        if (rows.isEmpty()) return;
        Map<String, Long> logged = alreadyLogged(run);
        AtomicInteger pushed = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<RegistryException> firstFailure = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, rows.size()), task -> {
            Thread thread = new Thread(task, "promptlayer-push");
            thread.setDaemon(true);
            return thread;
        });
        List<Future<?>> tasks = new ArrayList<>();
        try {
            for (RowOutcome row : rows) {
                tasks.add(pool.submit(() -> {
                    if (firstFailure.get() != null) return;
                    try {
                        pushRow(name, promptId, version, template, model, run, row, logged.get(row.rowId()));
                        pushed.incrementAndGet();
                    } catch (RegistryException e) {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, e);
                    }
                }));
            }
            for (Future<?> task : tasks) task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            firstFailure.compareAndSet(null, new RegistryException(Kind.UNAVAILABLE, "interrupted", e));
        } catch (ExecutionException e) {
            throw new IllegalStateException("a push task failed unexpectedly", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        RegistryException failure = firstFailure.get();
        if (failure != null) {
            int notSent = rows.size() - pushed.get() - failed.get();
            throw new RegistryException(failure.kind(), "pushed " + pushed.get() + " of " + rows.size() + " rows of"
                    + " run " + run.runId() + " (suite " + run.suite() + ") to PromptLayer for prompt " + name
                    + " version " + version + "; " + failed.get() + " failed and " + notSent + " were not sent."
                    + " First failure: " + failure.getMessage() + ". The local results under target/prompt-eval/"
                    + " are kept; push them again when PromptLayer is reachable (rows already logged are found by"
                    + " their run and row ids and not logged twice)", failure);
        }
    }

    private void pushRow(String name, long promptId, int version, PromptTemplate template, ModelSpec model,
                         EvalRunRecord run, RowOutcome row, Long loggedBefore) {
        long requestId;
        if (loggedBefore != null) {
            requestId = loggedBefore;
        } else {
            JsonNode logged = http.send("POST", List.of("log-request"), logRequest(name, promptId, version, template,
                    model, run, row), PromptLayerHttp.Retry.NOT_PROCESSED, "log row " + row.rowId() + " of run "
                    + run.runId());
            JsonNode id = logged.get("id");
            if (id == null || !id.canConvertToLong()) {
                throw new RegistryException(Kind.UNAVAILABLE, "PromptLayer logged row " + row.rowId() + " but its"
                        + " answer has no request id: " + logged);
            }
            requestId = id.asLong();
        }
        for (Map.Entry<String, Double> named : row.namedScores().entrySet()) {
            ObjectNode body = PromptLayerHttp.JSON.createObjectNode();
            body.put("request_id", requestId);
            body.put("score", percent(named.getValue()));
            body.put("name", named.getKey());
            http.send("POST", List.of("rest", "track-score"), body, PromptLayerHttp.Retry.ANY_FAILURE,
                    "track score " + named.getKey() + " of row " + row.rowId() + " of run " + run.runId());
        }
    }

    /**
     * The rows of this run PromptLayer already holds, row id to request id: every page of a search on the run's
     * {@code run_id} metadata (25 per page, the most the search gives).
     */
    private Map<String, Long> alreadyLogged(EvalRunRecord run) {
        Map<String, Long> logged = new HashMap<>();
        for (int page = 1; ; page++) {
            ObjectNode body = search(Map.of("run_id", run.runId()), 25).put("page", page);
            JsonNode answer = http.send("POST", SEARCH, body,
                    PromptLayerHttp.Retry.ANY_FAILURE, "find the rows of run " + run.runId() + " already logged");
            for (JsonNode item : answer.path("items")) {
                String rowId = metadataValue(item.path("metadata"), "row_id");
                if (rowId != null && run.suite().equals(metadataValue(item.path("metadata"), "suite"))
                        && item.path("id").canConvertToLong()) {
                    logged.putIfAbsent(rowId, item.get("id").asLong());
                }
            }
            if (!answer.path("has_next").asBoolean(false) || page >= 10_000) return logged;
        }
    }

    /**
     * The newest run a suite logged for this content ({@code candidate_hash} metadata), read back for planning: one
     * search for the newest row, one for that run's rows (their count, and tokens from the first page).
     */
    Optional<StoredResults> latest(String contentHash, String suite) {
        ObjectNode newest = search(Map.of("suite", suite, "candidate_hash", contentHash), 1);
        newest.put("sort_by", "request_start_time").put("sort_order", "desc");
        JsonNode found = http.send("POST", SEARCH, newest, PromptLayerHttp.Retry.ANY_FAILURE,
                "find the newest results of suite " + suite + " for " + contentHash);
        JsonNode first = found.path("items").path(0);
        String runId = metadataValue(first.path("metadata"), "run_id");
        if (runId == null) return Optional.empty();
        JsonNode run = http.send("POST", SEARCH, search(Map.of("suite", suite, "run_id", runId), 25),
                PromptLayerHttp.Retry.ANY_FAILURE, "read the results of run " + runId);
        List<Long> input = new ArrayList<>();
        List<Long> output = new ArrayList<>();
        for (JsonNode item : run.path("items")) {
            input.add(item.path("input_tokens").asLong(-1));
            output.add(item.path("output_tokens").asLong(-1));
        }
        String sd = metadataValue(first.path("metadata"), DIFFERENCE_SD);
        Double differenceSd = null;
        try {
            if (sd != null) differenceSd = Double.parseDouble(sd);
        } catch (NumberFormatException unreadable) {
            // a row logged by hand or by another tool: plan without it
        }
        return Optional.of(new StoredResults(runId, run.path("total").asInt(run.path("items").size()),
                StoredResults.mean(input), StoredResults.mean(output), differenceSd));
    }

    /** A search body whose filters all match metadata keys exactly. */
    private static ObjectNode search(Map<String, String> metadata, int perPage) {
        ObjectNode body = PromptLayerHttp.JSON.createObjectNode();
        ArrayNode filters = body.putObject("filter_group").put("logic", "AND").putArray("filters");
        new TreeMap<>(metadata).forEach((key, value) -> filters.addObject().put("field", "metadata")
                .put("operator", "key_equals").put("value", value).put("nested_key", key));
        return body.put("page", 1).put("per_page", perPage);
    }

    /** A key of a search result's metadata, which comes as an array of one-key objects (or as one object). */
    private static String metadataValue(JsonNode metadata, String key) {
        if (metadata.isObject()) return metadata.path(key).isValueNode() ? metadata.get(key).asText() : null;
        for (JsonNode entry : metadata) {
            if (entry.path(key).isValueNode()) return entry.get(key).asText();
        }
        return null;
    }

    private ObjectNode logRequest(String name, long promptId, int version, PromptTemplate template, ModelSpec model,
                                  EvalRunRecord run, RowOutcome row) {
        // these logs record eval results rather than live traffic: the call ends when it is pushed and started its
        // measured latency earlier, so PromptLayer's latency is the call's
        Instant end = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        ObjectNode body = PromptLayerHttp.JSON.createObjectNode();
        body.put("provider", model.provider());
        body.put("model", model.name());
        body.set("input", input(template, row));
        body.set("output", output(template.isChat(), row.output()));
        body.put("request_start_time", end.minusMillis(Math.max(0, row.latencyMs())).toString());
        body.put("request_end_time", end.toString());
        body.set("parameters", PromptLayerHttp.JSON.valueToTree(model.parameters()));
        body.putArray("tags").add("prompt-eval");
        ObjectNode metadata = body.putObject("metadata");
        metadata.put("suite", run.suite());
        metadata.put("run_id", run.runId());
        if (run.gitCommit() != null) metadata.put("git_commit", run.gitCommit());
        metadata.put("dataset_hash", run.datasetHash());
        metadata.put("candidate_hash", run.candidateHash());
        metadata.put("decision", run.decision());
        metadata.put("row_id", row.rowId());
        metadata.put("pass", Boolean.toString(row.pass()));
        StoredResults.differenceSd(run.summary())
                .ifPresent(sd -> metadata.put(DIFFERENCE_SD, Double.toString(sd)));
        body.put("prompt_id", promptId);
        body.put("prompt_version_number", version);
        body.set("prompt_input_variables", PromptLayerHttp.JSON.valueToTree(row.variables()));
        if (row.inputTokens() >= 0) body.put("input_tokens", row.inputTokens());
        if (row.outputTokens() >= 0) body.put("output_tokens", row.outputTokens());
        body.put("price", row.priceUsd());
        body.put("score", percent(row.score()));
        if (row.error() != null) {
            body.put("status", "ERROR");
            body.put("error_type", "UNKNOWN_ERROR");
            body.put("error_message", row.error().length() <= 1024 ? row.error() : row.error().substring(0, 1024));
        }
        return body;
    }

    /**
     * The input in blueprint shape: the rendered messages that were sent, or, for a record without them (an older
     * results file), the template itself.
     */
    private static ObjectNode input(PromptTemplate template, RowOutcome row) {
        if (row.input().isEmpty()) return WireBlueprint.promptTemplate(template);
        boolean chat = template.isChat();
        ObjectNode input = PromptLayerHttp.JSON.createObjectNode();
        input.put("type", chat ? "chat" : "completion");
        if (chat) {
            var messages = input.putArray("messages");
            for (EvalRunRecord.SentMessage sent : row.input()) {
                ObjectNode message = messages.addObject().put("role", sent.role());
                ArrayNode content = message.putArray("content");
                content.addObject().put("type", "text").put("text", sent.content());
                addImages(content, sent);
            }
        } else {
            String text = row.input().stream().map(EvalRunRecord.SentMessage::content)
                    .collect(java.util.stream.Collectors.joining("\n"));
            ArrayNode content = input.putArray("content");
            content.addObject().put("type", "text").put("text", text);
            row.input().forEach(sent -> addImages(content, sent));
        }
        return input;
    }

    /** The images that were sent, as the blueprint's {@code image_url} blocks. */
    private static void addImages(ArrayNode content, EvalRunRecord.SentMessage sent) {
        for (var image : sent.images()) {
            ObjectNode url = content.addObject().put("type", "image_url").putObject("image_url")
                    .put("url", image.url());
            if (image.detail() != null) url.put("detail", image.detail());
        }
    }

    /** The output in blueprint shape: an assistant message, a completion, or nothing when the row errored. */
    private static ObjectNode output(boolean chat, String text) {
        ObjectNode output = PromptLayerHttp.JSON.createObjectNode();
        output.put("type", chat ? "chat" : "completion");
        if (chat) {
            var messages = output.putArray("messages");
            if (text != null) {
                ObjectNode message = messages.addObject().put("role", "assistant");
                message.putArray("content").addObject().put("type", "text").put("text", text);
            }
        } else {
            var content = output.putArray("content");
            if (text != null) content.addObject().put("type", "text").put("text", text);
        }
        return output;
    }

    /** A 0..1 score on PromptLayer's 0-100 integer scale. */
    static int percent(double score) {
        return (int) Math.round(score * 100);
    }
}
