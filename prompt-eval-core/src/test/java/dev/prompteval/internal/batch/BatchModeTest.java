package dev.prompteval.internal.batch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prompteval.internal.gate.GateRules;
import dev.prompteval.internal.provider.EvaluationMode;
import dev.prompteval.internal.provider.PriceTable;
import dev.prompteval.internal.provider.Providers;
import dev.prompteval.internal.registry.file.FileRegistry;
import dev.prompteval.internal.run.CancellationToken;
import dev.prompteval.internal.run.Progress;
import dev.prompteval.internal.run.RowResult;
import dev.prompteval.internal.run.RunClock;
import dev.prompteval.internal.run.RunOptions;
import dev.prompteval.internal.run.SampleResult;
import dev.prompteval.internal.score.Scorers;
import dev.prompteval.internal.suite.Evaluation;
import dev.prompteval.internal.suite.EvaluationSettings;
import dev.prompteval.internal.suite.SuiteOutcome;
import dev.prompteval.internal.suite.SuiteProgress;
import dev.prompteval.internal.suite.SuiteSpec;
import dev.prompteval.internal.template.PromptTemplate;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

/**
 * Batch mode end to end, against loopback fakes of OpenAI Batch, Anthropic Message Batches and Gemini batch mode
 * ({@link FakeBatchApis} names the references their shapes come from).
 */
class BatchModeTest {
    private static final String SECRET = "sk-batch-secret-never-uploaded";

    /** The three APIs: provider name, model, and what their fake and key look like. */
    enum Api {
        OPENAI("openai", "gpt-4o-mini", FakeBatchApis.OpenAi::new),
        ANTHROPIC("anthropic", "claude-sonnet-4-20250514", FakeBatchApis.Anthropic::new),
        GEMINI("google", "gemini-2.0-flash", FakeBatchApis.Gemini::new);

        final String provider;
        final String model;
        final Supplier<FakeBatchApis> fake;

        Api(String provider, String model, Supplier<FakeBatchApis> fake) {
            this.provider = provider;
            this.model = model;
            this.fake = fake;
        }

        Map<String, String> env(MockWebServer server) {
            return switch (this) {
                case OPENAI -> Map.of("OPENAI_API_KEY", SECRET, "OPENAI_BASE_URL", server.url("/v1").toString());
                case ANTHROPIC -> Map.of("ANTHROPIC_API_KEY", SECRET,
                        "ANTHROPIC_BASE_URL", server.url("/").toString());
                case GEMINI -> Map.of("GEMINI_API_KEY", SECRET, "GEMINI_BASE_URL", server.url("/").toString());
            };
        }
    }

    @TempDir
    Path project;
    private final MockWebServer server = new MockWebServer();
    private final List<Providers> opened = new ArrayList<>();
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final FakeClock clock = new FakeClock();
    private FakeBatchApis fake;
    private FileRegistry registry;

    private static final class FakeClock implements RunClock {
        long now;

        @Override
        public synchronized long nanoTime() {
            return now;
        }

        @Override
        public synchronized void sleep(Duration duration, CancellationToken stop) {
            now += duration.toNanos();
        }
    }

    private void start(Api api) throws IOException {
        fake = api.fake.get();
        fake.server = server;
        server.setDispatcher(fake);
        server.start();
        registry = new FileRegistry(project.resolve("prompt-registry"));
        String parameters = "\"parameters\": {\"temperature\": 0, \"max_tokens\": 40, \"stop\": [\"END\"]}";
        registry.publish("faq", PromptTemplate.parse("{\"prompt_template\": {\"type\": \"chat\", \"messages\": "
                + "[{\"role\": \"system\", \"content\": \"Be kind.\"}, {\"role\": \"user\", \"content\": "
                + "\"Answer: {question}\"}]}, \"metadata\": {\"model\": {\"provider\": \"" + api.provider
                + "\", \"name\": \"" + api.model + "\", " + parameters + "}}}", "faq"), "first", List.of("prod"), 0);
        Files.writeString(project.resolve("candidate.json"), "{\"prompt_template\": {\"type\": \"chat\", "
                + "\"messages\": [{\"role\": \"system\", \"content\": \"Be kind.\"}, {\"role\": \"user\", "
                + "\"content\": \"Answer briefly: {question}\"}]}, \"metadata\": {\"model\": {\"provider\": \""
                + api.provider + "\", \"name\": \"" + api.model + "\", " + parameters + "}}}");
        StringBuilder csv = new StringBuilder("__id,question,__expected\n");
        for (int i = 1; i <= 6; i++) csv.append("r").append(i).append(",Is r").append(i).append(" fine?,contains:yes\n");
        Files.writeString(project.resolve("faq.csv"), csv);
    }

    @AfterEach
    void stop() {
        opened.forEach(Providers::close);
        server.close();
    }

    private Evaluation evaluation(Api api, String output, EvaluationMode mode, BatchSettings batch) {
        Providers providers = Providers.builder().env(api.env(server)::get).build();
        opened.add(providers);
        RunOptions options = RunOptions.defaults().withConcurrency(2).withClock(clock);
        var settings = new EvaluationSettings(project, project.resolve(output), registry, mode,
                project.resolve("recordings-" + output), project.resolve(output).resolve("cache"), options, providers,
                Scorers.defaults(), null, batch);
        return new Evaluation(settings, Clock.systemUTC());
    }

    private List<SuiteOutcome> run(Evaluation evaluation) {
        SuiteProgress progress = new SuiteProgress() {
            @Override
            public void onProgress(String suite, String reference, Progress p) {
            }

            @Override
            public void onBatch(String line) {
                lines.add(line);
            }
        };
        return evaluation.run(List.of(suite()), progress, new CancellationToken());
    }

    private static SuiteSpec suite() {
        return new SuiteSpec("faq", "faq", "file:candidate.json", "label:prod", List.of(Path.of("faq.csv")), null,
                null, 1, List.of(), GateRules.defaults(), null);
    }

    private static BatchSettings batch(long waitMinutes) {
        return new BatchSettings(true, Duration.ofMinutes(waitMinutes), Duration.ofSeconds(30));
    }

    private static Map<String, String> outputs(SuiteOutcome outcome) {
        Map<String, String> outputs = new HashMap<>();
        for (String side : new String[] {"c", "b"}) {
            var run = side.equals("c") ? outcome.candidate() : outcome.baseline();
            for (RowResult row : run.result().rows()) {
                SampleResult s = row.samples().get(0);
                outputs.put(side + " " + row.id(), s.output() + " | " + (s.score() == null ? s.error()
                        : s.score().pass()));
            }
        }
        return outputs;
    }

    private static double cost(SuiteOutcome outcome) {
        return outcome.candidate().progress().costUsd() + outcome.baseline().progress().costUsd();
    }

    private List<RecordedRequest> batchCalls() {
        return fake.received.stream().filter(r -> !r.getUrl().encodedPath().endsWith("/chat/completions")
                && !r.getUrl().encodedPath().equals("/v1/messages")
                && !r.getUrl().encodedPath().endsWith(":generateContent")).toList();
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void aBatchRunDecidesAsTheInteractiveRunOnTheSameAnswersAtHalfThePrice(Api api) throws IOException {
        start(api);
        SuiteOutcome interactive = run(evaluation(api, "interactive", EvaluationMode.LIVE, BatchSettings.OFF))
                .get(0);
        int interactiveCalls = fake.received.size();
        assertThat(interactiveCalls).isEqualTo(12);

        SuiteOutcome batched = run(evaluation(api, "batched", EvaluationMode.LIVE, batch(60))).get(0);

        assertThat(batched.gate().decision()).isEqualTo(interactive.gate().decision());
        assertThat(batched.gate().checks()).isEqualTo(interactive.gate().checks());
        assertThat(outputs(batched)).isEqualTo(outputs(interactive)).hasSize(12);
        assertThat(outputs(batched).get("c r2")).isEqualTo("no | false");
        assertThat(cost(interactive)).isGreaterThan(0);
        assertThat(cost(batched)).isCloseTo(cost(interactive) * PriceTable.BATCH_PRICE_FACTOR, within(1e-12));
        // No interactive call was made by the batch run: one batch with every (row, sample) of both versions.
        assertThat(fake.received.size() - interactiveCalls).isEqualTo(batchCalls().size());
        assertThat(fake.submits()).isEqualTo(1);
        assertThat(fake.batches.values().iterator().next()).hasSize(12);
        // One request builder: each line's body is exactly what the interactive call sent.
        assertThat(fake.batchBodies).isEqualTo(fake.interactiveBodies);
        assertWire(api);
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("suite faq: submitted ").contains("12 requests"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("suite faq: collected "));
        assertThat(Files.exists(project.resolve("batched/journal/faq/batches.json")))
                .as("the ledger goes with the completed runs").isFalse();
    }

    /** Paths, headers and uploaded content of each API, and never the key in what is uploaded. */
    private void assertWire(Api api) {
        List<RecordedRequest> calls = batchCalls();
        for (RecordedRequest call : calls) {
            if (call.getBody() != null) assertThat(call.getBody().utf8()).doesNotContain(SECRET);
            assertThat(call.getUrl().toString()).doesNotContain(SECRET);
        }
        List<String> routes = calls.stream().map(r -> r.getMethod() + " " + r.getUrl().encodedPath()).toList();
        switch (api) {
            case OPENAI -> {
                assertThat(routes).containsExactly("POST /v1/files", "POST /v1/batches", "GET /v1/batches/batch_abc0",
                        "GET /v1/files/file-out-batch_abc0/content");
                calls.forEach(c -> assertThat(c.getHeaders().get("Authorization")).isEqualTo("Bearer " + SECRET));
                RecordedRequest upload = calls.get(0);
                assertThat(upload.getHeaders().get("Content-Type")).startsWith("multipart/form-data; boundary=");
                String multipart = upload.getBody().utf8();
                assertThat(multipart).contains("Content-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n");
                assertThat(multipart).contains("Content-Disposition: form-data; name=\"file\"; "
                        + "filename=\"prompt-eval-batch.jsonl\"");
                assertThat(multipart).contains("\"method\":\"POST\",\"url\":\"/v1/chat/completions\"");
                assertThat(multipart).contains("\"custom_id\":\"" + BatchRun.customId('c', "r1", 0) + "\"");
                assertThat(calls.get(1).getBody().utf8()).isEqualTo("{\"input_file_id\":\"file-abc0\","
                        + "\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\"}");
            }
            case ANTHROPIC -> {
                String id = "msgbatch_01HkcTjaV5uDC8jWR4ZsDV8d0";
                assertThat(routes).containsExactly("POST /v1/messages/batches", "GET /v1/messages/batches/" + id,
                        "GET /v1/messages/batches/" + id + "/results");
                calls.forEach(c -> {
                    assertThat(c.getHeaders().get("x-api-key")).isEqualTo(SECRET);
                    assertThat(c.getHeaders().get("anthropic-version")).isEqualTo("2023-06-01");
                });
                assertThat(calls.get(0).getBody().utf8()).contains("{\"custom_id\":\""
                        + BatchRun.customId('b', "r3", 0) + "\",\"params\":{\"model\":\"claude-sonnet-4-20250514\"");
            }
            case GEMINI -> {
                assertThat(routes).containsExactly("POST /v1beta/models/gemini-2.0-flash:batchGenerateContent",
                        "GET /v1beta/batches/1234560", "GET /v1beta/batches/1234560");
                calls.forEach(c -> {
                    assertThat(c.getHeaders().get("x-goog-api-key")).isEqualTo(SECRET);
                    assertThat(c.getUrl().query()).isNull();
                });
                assertThat(calls.get(0).getBody().utf8()).startsWith("{\"batch\":{\"displayName\":"
                        + "\"prompt-eval gemini-2.0-flash\",\"inputConfig\":{\"requests\":{\"requests\":[{\"request\":");
                assertThat(calls.get(0).getBody().utf8()).contains("\"metadata\":{\"key\":\""
                        + BatchRun.customId('c', "r6", 0) + "\"}");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void aBuildStoppedAfterSubmittingSubmitsNothingNewWhenRunAgainAndCollects(Api api) throws IOException {
        start(api);
        fake.runningPolls = Integer.MAX_VALUE;
        var first = evaluation(api, "out", EvaluationMode.LIVE, batch(60));
        // The build stops right after the submit (as when it is killed there): the ledger holds the batch.
        var prepared = new dev.prompteval.internal.suite.SuiteEvaluator(settingsOf(api, "out", batch(60)))
                .prepare(suite());
        new dev.prompteval.internal.suite.SuiteEvaluator(settingsOf(api, "out", batch(60))).submitBatches(prepared,
                SuiteProgress.NONE);
        assertThat(fake.submits()).isEqualTo(1);
        JsonNode ledger = FakeBatchApis.read(Files.readString(project.resolve("out/journal/faq/batches.json")));
        String id = fake.batches.keySet().iterator().next();
        assertThat(ledger.path("batches").get(0).path("id").asText()).isEqualTo(id);
        assertThat(ledger.toString()).doesNotContain(SECRET);

        fake.runningPolls = 2;
        SuiteOutcome outcome = run(first).get(0);

        assertThat(fake.submits()).as("nothing submitted again").isEqualTo(1);
        assertThat(outputs(outcome)).hasSize(12).allSatisfy((row, result) -> assertThat(result).doesNotContain("null"));
        assertThat(lines).filteredOn(l -> l.contains(": in_progress") || l.contains("RUNNING"))
                .as("progress lines while it runs").hasSize(2).allSatisfy(l -> assertThat(l).contains(id));
        assertThat(lines).noneSatisfy(l -> assertThat(l).contains("submitted"));
    }

    private EvaluationSettings settingsOf(Api api, String output, BatchSettings batch) {
        Providers providers = Providers.builder().env(api.env(server)::get).build();
        opened.add(providers);
        return new EvaluationSettings(project, project.resolve(output), registry, EvaluationMode.LIVE,
                project.resolve("recordings-" + output), project.resolve(output).resolve("cache"),
                RunOptions.defaults().withClock(clock), providers, Scorers.defaults(), null, batch);
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void failedLinesAreErroredRowsWithTheProvidersReasonNotARegression(Api api) throws IOException {
        start(api);
        fake.failing = Set.of("r4");

        SuiteOutcome outcome = run(evaluation(api, "out", EvaluationMode.LIVE, batch(60))).get(0);

        for (var run : List.of(outcome.candidate(), outcome.baseline())) {
            RowResult r4 = run.result().rows().stream().filter(r -> r.id().equals("r4")).findFirst().orElseThrow();
            assertThat(r4.errored()).isTrue();
            assertThat(r4.samples().get(0).error()).startsWith("BATCH_LINE: ").contains(FakeBatchApis.REASON);
            assertThat(run.progress().errorsByCause()).containsEntry("batch line", 1L);
            assertThat(run.result().rows().stream().filter(RowResult::errored)).hasSize(1);
        }
        // The provider did not answer r4: not evaluated (never a regression of the prompt), with the cause and reason.
        assertThat(outcome.gate().decision()).isEqualTo(dev.prompteval.gate.Decision.NOT_EVALUATED);
        assertThat(outcome.gate().violations()).isNotEmpty().allSatisfy(v -> {
            assertThat(v.rule()).isEqualTo(dev.prompteval.internal.gate.RuleId.EVALUATED);
            assertThat(v.message()).contains("batch line").contains("[r4]").contains(FakeBatchApis.REASON);
        });
        // A later run submits only the failed lines again.
        fake.failing = Set.of();
        SuiteOutcome again = run(evaluation(api, "out", EvaluationMode.LIVE, batch(60))).get(0);
        assertThat(fake.submits()).isEqualTo(2);
        assertThat(fake.batches.get(fake.batches.keySet().stream().reduce((a, b) -> b).orElseThrow())).hasSize(2);
        assertThat(again.gate().violations()).noneSatisfy(v -> assertThat(v.rule())
                .isEqualTo(dev.prompteval.internal.gate.RuleId.EVALUATED));
    }

    @Test
    void theWaitLimitStopsWithReRunToCollectAndASecondRunCollects() throws IOException {
        start(Api.OPENAI);
        fake.runningPolls = Integer.MAX_VALUE;

        var pending = catchThrowableOfType(BatchPendingException.class,
                () -> run(evaluation(Api.OPENAI, "out", EvaluationMode.LIVE, batch(0))));

        assertThat(pending.problems()).containsExactly("suite faq: submitted OpenAI Batch batch batch_abc0 with 12 "
                + "requests, not finished (in_progress, 0/12 done); re-run to collect (the batch id is kept in "
                + project.resolve("out/journal/faq/batches.json") + ")");
        assertThat(Files.exists(project.resolve("out/gate.json"))).isFalse();

        // Still running on the next job: it says so, and submits nothing.
        pending = catchThrowableOfType(BatchPendingException.class,
                () -> run(evaluation(Api.OPENAI, "out", EvaluationMode.LIVE, batch(0))));
        assertThat(pending.problems()).singleElement().asString()
                .startsWith("suite faq: submitted OpenAI Batch batch batch_abc0 with 12 requests, not finished "
                        + "(in_progress, 0/12 done); re-run to collect");
        assertThat(fake.submits()).isEqualTo(1);

        fake.runningPolls = 0;
        SuiteOutcome collected = run(evaluation(Api.OPENAI, "out", EvaluationMode.LIVE, batch(0))).get(0);
        assertThat(fake.submits()).isEqualTo(1);
        assertThat(outputs(collected)).hasSize(12);
        assertThat(collected.candidate().result().complete()).isTrue();
    }

    @Test
    void batchAnswersAreRecordedAndReplayDecidesTheSame() throws IOException {
        start(Api.ANTHROPIC);
        SuiteOutcome recorded = run(evaluation(Api.ANTHROPIC, "out", EvaluationMode.RECORD, batch(60))).get(0);
        int calls = fake.received.size();
        server.close();

        SuiteOutcome replayed = run(evaluation(Api.ANTHROPIC, "out", EvaluationMode.REPLAY,
                batch(60))).get(0);

        // Replay reads the recordings the batch run wrote; the fake is gone.
        assertThat(fake.received).hasSize(calls);
        assertThat(outputs(replayed)).isEqualTo(outputs(recorded));
        assertThat(replayed.gate().decision()).isEqualTo(recorded.gate().decision());
    }
}
