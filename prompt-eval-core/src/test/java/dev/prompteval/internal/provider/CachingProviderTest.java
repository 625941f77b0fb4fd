package dev.prompteval.internal.provider;

import dev.prompteval.internal.provider.CachingProvider.Served;
import dev.prompteval.internal.provider.CachingProvider.Source;
import dev.prompteval.internal.provider.EvaluationMode;
import dev.prompteval.provider.ModelProvider;
import dev.prompteval.provider.ModelRequest;
import dev.prompteval.provider.ModelResponse;
import dev.prompteval.provider.ProviderException.Kind;
import dev.prompteval.provider.ProviderException;
import dev.prompteval.provider.Usage;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static dev.prompteval.internal.provider.ProviderTests.model;
import static dev.prompteval.internal.provider.ProviderTests.request;
import static dev.prompteval.internal.provider.ProviderTests.system;
import static dev.prompteval.internal.provider.ProviderTests.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class CachingProviderTest {
    @TempDir
    Path dir;

    private final MockWebServer server = new MockWebServer();
    private Providers providers;
    private ModelProvider stub;

    /** An OpenAI-compatible stub that answers "echo: <last user message> #<sample-free call number>". */
    @BeforeEach
    void start() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String body = request.getBody().utf8();
                String question = body.replaceAll("(?s).*\"content\":\"([^\"]*)\"}].*", "$1");
                return ProviderTests.json(200, """
                        {"choices": [{"index": 0, "message": {"role": "assistant", "content": "echo: %s #%d"},
                                      "finish_reason": "stop"}],
                         "usage": {"prompt_tokens": 11, "completion_tokens": 3, "total_tokens": 14}}
                        """.formatted(question, calls.incrementAndGet()));
            }
        });
        server.start();
        providers = ProviderTests.providers(Map.of());
        stub = providers.create("openai-compatible", new ProviderOptions(server.url("/v1").toString(), null));
    }

    @AfterEach
    void stop() {
        providers.close();
        server.close();
    }

    private static ModelRequest row(String question, int sample) {
        return request(model("openai", "gpt-4o-mini", Map.of("temperature", 0)), sample,
                system("Answer briefly."), user(question));
    }

    private static final List<String> QUESTIONS = List.of("Capital of France?", "Capital of Spain?",
            "Capital of Peru?");

    private List<Served> runAll(CachingProvider provider) throws ProviderException {
        List<Served> served = new ArrayList<>();
        for (String q : QUESTIONS) {
            for (int sample = 0; sample < 2; sample++) served.add(provider.serve(row(q, sample)));
        }
        return served;
    }

    @Test
    void recordThenReplayWithTheServerStoppedGivesIdenticalResponsesAndNoCalls() throws Exception {
        Path file = dir.resolve("recordings/orders.jsonl");
        List<Served> recorded;
        try (RecordingStore recordings = RecordingStore.open(file)) {
            recorded = runAll(new CachingProvider(stub, EvaluationMode.RECORD, null, recordings));
        }
        assertThat(recorded).extracting(Served::source).containsOnly(Source.LIVE);
        assertThat(server.getRequestCount()).isEqualTo(6);
        server.close();

        List<Served> replayed;
        try (RecordingStore recordings = RecordingStore.open(file)) {
            replayed = runAll(new CachingProvider(stub, EvaluationMode.REPLAY, new ResponseCache(dir.resolve("cache")),
                    recordings));
        }

        assertThat(replayed).extracting(Served::response)
                .containsExactlyElementsOf(recorded.stream().map(Served::response).toList());
        assertThat(replayed).extracting(Served::source).containsOnly(Source.RECORDING);
        assertThat(server.getRequestCount()).as("no calls during replay").isEqualTo(6);
        assertThat(recorded.get(1).response().text()).as("each sample is its own call").isNotEqualTo(
                recorded.get(0).response().text());
        assertThat(dir.resolve("cache")).as("replay does not touch the cache").doesNotExist();
    }

    @Test
    void recordingsAreOneSortedLinePerEntryWithTheRequestAndResponse() throws Exception {
        Path file = dir.resolve("suite.jsonl");
        try (RecordingStore recordings = RecordingStore.open(file)) {
            runAll(new CachingProvider(stub, EvaluationMode.RECORD, null, recordings));
        }

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(6);
        List<String> keys = lines.stream().map(l -> l.substring(8, 72)).toList();
        assertThat(keys).isSorted().doesNotHaveDuplicates();
        var first = ProviderTests.JSON.readTree(lines.get(0));
        assertThat(first.get("key").asText()).isEqualTo(keys.get(0));
        assertThat(first.get("request").get("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(first.get("request").get("endpoint").asText()).isEqualTo(stub.endpoint());
        assertThat(first.get("request").get("messages").get(1).get("content").asText()).startsWith("Capital of");
        assertThat(first.get("response").get("text").asText()).startsWith("echo: Capital of");
        assertThat(first.get("response").get("finishReason").asText()).isEqualTo("stop");
        assertThat(first.get("response").get("usage").get("inputTokens").asLong()).isEqualTo(11);
    }

    @Test
    void recordingAgainMergesKeepsOtherEntriesAndReplacesReRecordedOnes() throws Exception {
        Path file = dir.resolve("suite.jsonl");
        try (RecordingStore recordings = RecordingStore.open(file)) {
            new CachingProvider(stub, EvaluationMode.RECORD, null, recordings).serve(row("Capital of France?", 0));
            new CachingProvider(stub, EvaluationMode.RECORD, null, recordings).serve(row("Capital of Spain?", 0));
        }
        try (RecordingStore recordings = RecordingStore.open(file)) {
            new CachingProvider(stub, EvaluationMode.RECORD, null, recordings).serve(row("Capital of Spain?", 0));
            new CachingProvider(stub, EvaluationMode.RECORD, null, recordings).serve(row("Capital of Peru?", 0));
        }

        try (RecordingStore recordings = RecordingStore.open(file)) {
            CachingProvider replay = new CachingProvider(stub, EvaluationMode.REPLAY, null, recordings);
            assertThat(recordings.size()).isEqualTo(3);
            assertThat(replay.complete(row("Capital of France?", 0)).text()).isEqualTo("echo: Capital of France? #1");
            assertThat(replay.complete(row("Capital of Spain?", 0)).text()).isEqualTo("echo: Capital of Spain? #3");
            assertThat(replay.complete(row("Capital of Peru?", 0)).text()).isEqualTo("echo: Capital of Peru? #4");
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines.stream().map(l -> l.substring(8, 72)).toList()).isSorted();
    }

    @Test
    void aReplayMissNamesWhatIsMissingAndHowToRecord() throws Exception {
        Path file = dir.resolve("recordings/orders.jsonl");
        try (RecordingStore recordings = RecordingStore.open(file)) {
            new CachingProvider(stub, EvaluationMode.RECORD, null, recordings).serve(row("Capital of France?", 0));
        }
        try (RecordingStore recordings = RecordingStore.open(file)) {
            CachingProvider replay = new CachingProvider(stub, EvaluationMode.REPLAY, null, recordings);

            ProviderException e = catchThrowableOfType(ProviderException.class,
                    () -> replay.complete(row("Capital of France?", 1)));

            assertThat(e.kind()).isEqualTo(Kind.REPLAY_MISS);
            assertThat(e.kind().retryable()).isFalse();
            assertThat(e.getMessage())
                    .contains("no recording for this call in " + file.toAbsolutePath())
                    .contains("model gpt-4o-mini").contains("sample 1").contains("\"Capital of France?\"")
                    .contains("key " + RequestKey.of(stub.endpoint(), row("Capital of France?", 1)).hash())
                    .contains("-DpromptEval.mode=record");
        }
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void replayWithoutARecordingsFileSaysSo() {
        try (RecordingStore recordings = RecordingStore.open(dir.resolve("none.jsonl"))) {
            CachingProvider replay = new CachingProvider(stub, EvaluationMode.REPLAY, null, recordings);
            assertThatThrownBy(() -> replay.complete(row("Capital of France?", 0)))
                    .hasMessageContaining("does not exist yet");
        }
        assertThat(dir.resolve("none.jsonl")).as("nothing recorded, nothing written").doesNotExist();
    }

    @Test
    void liveModeServesCacheHitsAndCachesNewResponses() throws Exception {
        ResponseCache cache = new ResponseCache(dir.resolve("cache"));
        CachingProvider live = new CachingProvider(stub, EvaluationMode.LIVE, cache, null);

        Served first = live.serve(row("Capital of France?", 0));
        Served second = live.serve(row("Capital of France?", 0));
        Served inAnotherRun = new CachingProvider(stub, EvaluationMode.LIVE, new ResponseCache(dir.resolve("cache")), null)
                .serve(row("Capital of France?", 0));

        assertThat(first.source()).isEqualTo(Source.LIVE);
        assertThat(first.cached()).isFalse();
        assertThat(second.source()).isEqualTo(Source.CACHE);
        assertThat(second.cached()).isTrue();
        assertThat(second.response()).isEqualTo(first.response());
        assertThat(inAnotherRun.response()).isEqualTo(first.response());
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void withTheCacheOffEveryCallGoesToTheModel() throws Exception {
        CachingProvider live = new CachingProvider(stub, EvaluationMode.LIVE, null, null);

        live.serve(row("Capital of France?", 0));
        Served again = live.serve(row("Capital of France?", 0));

        assertThat(again.source()).isEqualTo(Source.LIVE);
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void recordModeRecordsCacheHitsWithoutPayingAgain() throws Exception {
        ResponseCache cache = new ResponseCache(dir.resolve("cache"));
        new CachingProvider(stub, EvaluationMode.LIVE, cache, null).serve(row("Capital of France?", 0));

        Path file = dir.resolve("suite.jsonl");
        try (RecordingStore recordings = RecordingStore.open(file)) {
            Served served = new CachingProvider(stub, EvaluationMode.RECORD, cache, recordings).serve(row("Capital of France?",
                    0));
            assertThat(served.source()).isEqualTo(Source.CACHE);
        }

        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(Files.readAllLines(file)).hasSize(1);
    }

    @Test
    void errorsAreNeitherCachedNorRecorded() throws Exception {
        MockWebServer failing = new MockWebServer();
        failing.enqueue(ProviderTests.json(500, "{\"error\": {\"message\": \"boom\"}}"));
        failing.start();
        try (failing) {
            ModelProvider broken = providers.create("openai-compatible",
                    new ProviderOptions(failing.url("/v1").toString(), null));
            ResponseCache cache = new ResponseCache(dir.resolve("cache"));
            Path file = dir.resolve("suite.jsonl");
            try (RecordingStore recordings = RecordingStore.open(file)) {
                assertThatThrownBy(() -> new CachingProvider(broken, EvaluationMode.RECORD, cache, recordings)
                        .serve(row("Capital of France?", 0))).isInstanceOf(ProviderException.class);
                assertThat(recordings.size()).isZero();
            }
            assertThat(file).doesNotExist();
            assertThat(dir.resolve("cache")).doesNotExist();
        }
    }

    @Test
    void identicalCallsInFlightTogetherMakeOneCall() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        ModelProvider slow = request -> {
            calls.incrementAndGet();
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new ProviderException(Kind.NETWORK, "interrupted");
            }
            return new ModelResponse("one answer", "stop", Usage.UNKNOWN);
        };
        CachingProvider provider = new CachingProvider(slow, EvaluationMode.LIVE, null, null);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Served> first = pool.submit(() -> provider.serve(row("Capital of France?", 0)));
            entered.await();
            AtomicReference<Thread> waiter = new AtomicReference<>();
            Future<Served> second = pool.submit(() -> {
                waiter.set(Thread.currentThread());
                return provider.serve(row("Capital of France?", 0));
            });
            // Release the call only once the second caller is parked waiting for it.
            while (waiter.get() == null || waiter.get().getState() != Thread.State.WAITING) Thread.onSpinWait();
            release.countDown();

            assertThat(first.get().source()).isEqualTo(Source.LIVE);
            assertThat(second.get().source()).isEqualTo(Source.CACHE);
            assertThat(second.get().response()).isEqualTo(first.get().response());
            assertThat(calls).hasValue(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void withTheCacheOffCallsInFlightThatDifferOnlyInTheirSampleAreNotMerged() throws Exception {
        CountDownLatch bothEntered = new CountDownLatch(2);
        AtomicInteger calls = new AtomicInteger();
        ModelProvider slow = request -> {
            calls.incrementAndGet();
            bothEntered.countDown();
            try {
                // Both calls must be in flight together; a merged second call would never get here.
                if (!bothEntered.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    throw new ProviderException(Kind.NETWORK, "the other call never started");
                }
            } catch (InterruptedException e) {
                throw new ProviderException(Kind.NETWORK, "interrupted");
            }
            return new ModelResponse("sample " + request.sample(), "stop", Usage.UNKNOWN);
        };
        CachingProvider provider = new CachingProvider(slow, EvaluationMode.LIVE, null, null);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Served> first = pool.submit(() -> provider.serve(row("Capital of France?", 0)));
            Future<Served> second = pool.submit(() -> provider.serve(row("Capital of France?", 1)));

            assertThat(first.get().source()).isEqualTo(Source.LIVE);
            assertThat(second.get().source()).isEqualTo(Source.LIVE);
            assertThat(first.get().response().text()).isEqualTo("sample 0");
            assertThat(second.get().response().text()).isEqualTo("sample 1");
            assertThat(calls).hasValue(2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void manyThreadsRecordEveryDistinctCallExactlyOnce() throws Exception {
        Path file = dir.resolve("suite.jsonl");
        int rows = 120;
        try (RecordingStore recordings = RecordingStore.open(file)) {
            CachingProvider provider = new CachingProvider(stub, EvaluationMode.RECORD,
                    new ResponseCache(dir.resolve("cache")), recordings);
            ExecutorService pool = Executors.newFixedThreadPool(32);
            try {
                List<Future<Served>> futures = new ArrayList<>();
                for (int i = 0; i < rows; i++) {
                    int n = i;
                    futures.add(pool.submit(() -> provider.serve(row("Question " + n + "?", 0))));
                }
                for (Future<Served> f : futures) assertThat(f.get().source()).isEqualTo(Source.LIVE);
            } finally {
                pool.shutdownNow();
            }
        }
        assertThat(server.getRequestCount()).isEqualTo(rows);
        assertThat(Files.readAllLines(file)).hasSize(rows);
        try (RecordingStore recordings = RecordingStore.open(file)) {
            CachingProvider replay = new CachingProvider(stub, EvaluationMode.REPLAY, null, recordings);
            for (int i = 0; i < rows; i++) {
                assertThat(replay.complete(row("Question " + i + "?", 0)).text()).startsWith("echo: Question " + i
                        + "? #");
            }
        }
    }

    @Test
    void recordAndReplayNeedARecordingsFileAndModesParse() {
        assertThatThrownBy(() -> new CachingProvider(stub, EvaluationMode.REPLAY, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("replay needs a recordings file");
        assertThat(EvaluationMode.parse(" Record ")).isEqualTo(EvaluationMode.RECORD);
        assertThatThrownBy(() -> EvaluationMode.parse("playback"))
                .hasMessage("unknown promptEval.mode 'playback'; use live, record or replay");
    }
}
