package dev.prompteval.internal.batch;

import dev.prompteval.internal.PromptEvalException;
import dev.prompteval.internal.provider.BatchApi;
import dev.prompteval.internal.retry.RetryPolicy;
import dev.prompteval.internal.run.CancellationToken;
import dev.prompteval.internal.run.RunClock;
import dev.prompteval.provider.ModelProvider;
import dev.prompteval.provider.ModelRequest;
import dev.prompteval.provider.ModelResponse;
import dev.prompteval.provider.ProviderException;
import dev.prompteval.provider.Usage;
import dev.prompteval.template.ChatMessage;
import dev.prompteval.template.ModelSpec;
import dev.prompteval.template.RenderedPrompt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The batch life cycle against an in-memory batch API: chunking, whole-batch failures, failed looks. */
class BatchRunTest {
    private static final ModelSpec MODEL = new ModelSpec("openai", "gpt-4o-mini", Map.of());

    @TempDir
    Path dir;
    private final List<String> log = new ArrayList<>();
    private long now;
    private final RunClock clock = new RunClock() {
        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleep(Duration duration, CancellationToken stop) {
            now += duration.toNanos();
        }
    };

    /** Answers every line with its user message, unless told otherwise. */
    private static final class MemoryApi implements BatchApi {
        final Map<String, List<Line>> batches = new HashMap<>();
        final Deque<Object> looks = new ArrayDeque<>();
        int maxLines = 10_000;
        Status ended = new Status("completed", true, -1, -1, null, null, null);
        boolean dropLast;

        @Override
        public String endpoint() {
            return "openai-chat http://127.0.0.1:1/v1";
        }

        @Override
        public String name() {
            return "Memory Batch";
        }

        @Override
        public int maxLines() {
            return maxLines;
        }

        @Override
        public String submit(String model, List<Line> lines) {
            String id = "batch_" + batches.size();
            batches.put(id, lines);
            return id;
        }

        @Override
        public Status status(String batchId) throws ProviderException {
            Object next = looks.isEmpty() ? ended : looks.poll();
            if (next instanceof ProviderException e) throw e;
            return (Status) next;
        }

        @Override
        public Map<String, Result> results(String batchId, Status status, Map<String, ModelRequest> requests) {
            Map<String, Result> results = new HashMap<>();
            List<Line> lines = batches.get(batchId);
            for (int i = 0; i < lines.size() - (dropLast ? 1 : 0); i++) {
                Line line = lines.get(i);
                results.put(line.customId(), Result.answered(new ModelResponse("answer to "
                        + line.request().prompt().messages().get(0).content(), "stop", new Usage(1, 1, 0.5))));
            }
            return results;
        }
    }

    private static ModelRequest request(String text) {
        return new ModelRequest(new RenderedPrompt(List.of(new ChatMessage("user", text)), MODEL, false), MODEL, 0);
    }

    private BatchRun run(BatchLedger ledger, long waitMinutes) {
        return new BatchRun("faq", new BatchSettings(true, Duration.ofMinutes(waitMinutes), Duration.ofSeconds(30)),
                ledger, clock, RetryPolicy.DEFAULT, log::add);
    }

    @Test
    void customIdsAreDeterministicAndFitAnthropicsAlphabet() {
        String id = BatchRun.customId('c', "row with spaces/and ünïcode", 12);
        assertThat(id).isEqualTo(BatchRun.customId('c', "row with spaces/and ünïcode", 12))
                .matches("[a-zA-Z0-9_-]{1,64}").startsWith("c12-").hasSize(44);
        assertThat(BatchRun.customId('b', "row with spaces/and ünïcode", 12)).isNotEqualTo(id);
        assertThat(BatchRun.customId('c', "row with spaces/and ünïcode", 1)).isNotEqualTo(id);
    }

    @Test
    void requestsAreSplitAtTheApisLineLimitAndIdenticalRequestsAskedOnce() throws ProviderException {
        var api = new MemoryApi();
        api.maxLines = 2;
        BatchRun run = run(BatchLedger.open(dir.resolve("batches.json")), 60);
        for (int i = 0; i < 5; i++) run.ask(api, 'c', "r" + i, request("q" + i));
        run.ask(api, 'b', "r0", request("q0"));

        BatchRun.Answers answers = run.collect(new CancellationToken());

        assertThat(api.batches).hasSize(3);
        assertThat(BatchLedger.open(dir.resolve("batches.json")).entries()).hasSize(3);
        assertThat(answers.size()).isEqualTo(5);
        ModelProvider served = answers.provider(api);
        assertThat(served.complete(request("q3")).text()).isEqualTo("answer to q3");
        assertThat(served.endpoint()).isEqualTo(api.endpoint());
    }

    @Test
    void aLineABatchEndedWithoutIsAnErrorWithTheBatchsProblem() {
        var api = new MemoryApi();
        api.dropLast = true;
        api.ended = new BatchApi.Status("expired", true, 2, 1, "the batch expired before every request was "
                + "answered (completion window 24h)", "file-out", null);
        BatchRun run = run(BatchLedger.open(dir.resolve("batches.json")), 60);
        run.ask(api, 'c', "r1", request("q1"));
        run.ask(api, 'c', "r2", request("q2"));

        BatchRun.Answers answers = run.collect(new CancellationToken());

        assertThat(answers.failed()).isEqualTo(1);
        var error = catchThrowableOfType(ProviderException.class, () -> answers.provider(api).complete(request("q2")));
        assertThat(error.kind()).isEqualTo(ProviderException.Kind.BATCH_LINE);
        assertThat(error.retryable()).isFalse();
        assertThat(error.getMessage()).isEqualTo("Memory Batch batch batch_0 ended (expired) without an answer for "
                + "this request: the batch expired before every request was answered (completion window 24h)");
    }

    @Test
    void aFailedLookIsRetriedAndAPermanentOneStopsWithTheLedgerKept() {
        var api = new MemoryApi();
        api.looks.add(new ProviderException(ProviderException.Kind.SERVER, "Memory Batch returned HTTP 500", 500,
                null, null));
        api.looks.add(new BatchApi.Status("in_progress", false, 1, 0, null, null, null));
        BatchRun run = run(BatchLedger.open(dir.resolve("batches.json")), 60);
        run.ask(api, 'c', "r1", request("q1"));

        assertThat(run.collect(new CancellationToken()).failed()).isZero();
        assertThat(log).containsExactly("suite faq: submitted Memory Batch batch batch_0 (1 requests, model "
                        + "gpt-4o-mini)", "suite faq: Memory Batch batch batch_0: in_progress, 0/1 done, waited 0 s",
                "suite faq: collected Memory Batch batch batch_0: completed");

        var again = new MemoryApi();
        again.looks.add(new ProviderException(ProviderException.Kind.AUTH, "Memory Batch returned HTTP 401", 401,
                null, null));
        BatchRun second = run(BatchLedger.open(dir.resolve("other.json")), 60);
        second.ask(again, 'c', "r1", request("q1"));
        assertThatThrownBy(() -> second.collect(new CancellationToken())).isInstanceOf(PromptEvalException.class)
                .hasMessage("suite faq: Memory Batch batch batch_0 could not be polled or read: Memory Batch "
                        + "returned HTTP 401. It is kept in " + dir.resolve("other.json") + ": run again to resume "
                        + "polling it");
        assertThat(BatchLedger.open(dir.resolve("other.json")).entries()).singleElement()
                .satisfies(e -> assertThat(e.id()).isEqualTo("batch_0"));
    }
}
