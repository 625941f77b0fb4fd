package dev.prompteval.registry.promptlayer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prompteval.registry.EvalRunRecord;
import dev.prompteval.registry.EvalRunRecord.RowOutcome;
import dev.prompteval.registry.RegistryException;
import dev.prompteval.registry.RegistryException.Kind;
import dev.prompteval.template.ModelSpec;
import dev.prompteval.template.PromptTemplate;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Pushes an eval run to PromptLayer: one {@code POST /log-request} per row (the version's template as input, the
 * row's output, score 0-100, run metadata), then one {@code POST /rest/track-score} per named score with the logged
 * request's id. Rows go out in parallel, at most {@code concurrency} at a time; after the first failure the rows
 * not yet started are not sent, and the error says how many were.
 */
final class ResultPusher {
    private final PromptLayerHttp http;
    private final int concurrency;
    private final Clock clock;

    ResultPusher(PromptLayerHttp http, int concurrency, Clock clock) {
        this.http = http;
        this.concurrency = concurrency;
        this.clock = clock;
    }

    void push(String name, int version, PromptTemplate template, EvalRunRecord run) {
        ModelSpec model = template.model();
        if (model.provider() == null || model.name() == null) {
            throw new RegistryException(Kind.INVALID, "prompt " + name + " version " + version + " names no model"
                    + " (metadata.model.provider and .name); PromptLayer needs both to log results, so set them"
                    + " on the prompt in PromptLayer");
        }
        List<RowOutcome> rows = run.rows();
        if (rows.isEmpty()) return;
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
                        pushRow(name, version, template, model, run, row);
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
                    + " are kept; push them again when PromptLayer is reachable", failure);
        }
    }

    private void pushRow(String name, int version, PromptTemplate template, ModelSpec model, EvalRunRecord run,
                         RowOutcome row) {
        JsonNode logged = http.send("POST", List.of("log-request"), logRequest(name, version, template, model, run,
                row), PromptLayerHttp.Retry.ANY_FAILURE, "log row " + row.rowId() + " of run " + run.runId());
        JsonNode id = logged.get("id");
        if (id == null || !id.canConvertToLong()) {
            throw new RegistryException(Kind.UNAVAILABLE, "PromptLayer logged row " + row.rowId() + " but its"
                    + " answer has no request id: " + logged);
        }
        for (Map.Entry<String, Double> named : row.namedScores().entrySet()) {
            ObjectNode body = PromptLayerHttp.JSON.createObjectNode();
            body.put("request_id", id.asLong());
            body.put("score", percent(named.getValue()));
            body.put("name", named.getKey());
            http.send("POST", List.of("rest", "track-score"), body, PromptLayerHttp.Retry.ANY_FAILURE,
                    "track score " + named.getKey() + " of row " + row.rowId() + " of run " + run.runId());
        }
    }

    private ObjectNode logRequest(String name, int version, PromptTemplate template, ModelSpec model,
                                  EvalRunRecord run, RowOutcome row) {
        // these logs record eval results rather than live traffic: the times are when they were pushed
        String now = clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
        ObjectNode body = PromptLayerHttp.JSON.createObjectNode();
        body.put("provider", model.provider());
        body.put("model", model.name());
        body.set("input", WireBlueprint.promptTemplate(template));
        body.set("output", output(template.isChat(), row.output()));
        body.put("request_start_time", now);
        body.put("request_end_time", now);
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
        body.put("prompt_name", name);
        body.put("prompt_version_number", version);
        body.set("prompt_input_variables", PromptLayerHttp.JSON.valueToTree(row.variables()));
        body.put("score", percent(row.score()));
        if (row.error() != null) {
            body.put("status", "ERROR");
            body.put("error_type", "UNKNOWN_ERROR");
            body.put("error_message", row.error().length() <= 1024 ? row.error() : row.error().substring(0, 1024));
        }
        return body;
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
