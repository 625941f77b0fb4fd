package dev.prompteval.internal.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prompteval.internal.provider.ProviderOptions;
import dev.prompteval.internal.provider.Providers;
import dev.prompteval.provider.ModelProvider;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.prompteval.internal.run.RunFixtures.SCORER;
import static dev.prompteval.internal.run.RunFixtures.options;
import static dev.prompteval.internal.run.RunFixtures.rows;
import static dev.prompteval.internal.run.RunFixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;

/** Resume over real HTTP: an OpenAI-compatible stub sees only the calls the interrupted run did not complete. */
class HttpResumeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ROWS = 24;

    private final MockWebServer server = new MockWebServer();
    private final Map<String, AtomicInteger> callsPerRow = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final CancellationToken firstRun = new CancellationToken();
    private Providers providers;

    @BeforeEach
    void startStub() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                try {
                    JsonNode body = JSON.readTree(request.getBody().utf8());
                    String word = body.at("/messages/0/content").asText().substring("Echo ".length());
                    callsPerRow.computeIfAbsent(word, k -> new AtomicInteger()).incrementAndGet();
                    if (calls.incrementAndGet() == 10) firstRun.cancel("killed part-way for the test");
                    return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                            .body("{\"id\": \"c\", \"object\": \"chat.completion\", \"choices\": [{\"index\": 0,"
                                    + " \"message\": {\"role\": \"assistant\", \"content\": \"out:" + word + "\"},"
                                    + " \"finish_reason\": \"stop\"}], \"usage\": {\"prompt_tokens\": 5,"
                                    + " \"completion_tokens\": 2, \"total_tokens\": 7}}")
                            .build();
                } catch (IOException e) {
                    return new MockResponse.Builder().code(400).body(e.getMessage()).build();
                }
            }
        });
        server.start();
        providers = Providers.builder().env(name -> null).build();
    }

    @AfterEach
    void stopStub() {
        providers.close();
        server.close();
    }

    @Test
    void aRunKilledPartWayResumesCallingOnlyWhatDidNotComplete(@TempDir Path out) {
        ModelProvider openai = providers.create("openai-compatible",
                new ProviderOptions(server.url("/v1").toString(), null));
        var runner = new Runner(openai, SCORER, options(2));
        var spec = spec(1);
        Path file = RunJournal.fileFor(out, spec);

        RunOutcome first;
        try (var journal = RunJournal.open(file, spec)) {
            first = runner.run(spec, rows(ROWS), journal, ProgressListener.NONE, firstRun);
        }
        int callsBefore = calls.get();
        long kept = first.result().rows().size();

        RunOutcome second;
        try (var journal = RunJournal.open(file, spec)) {
            second = runner.run(spec, rows(ROWS), journal, ProgressListener.NONE, new CancellationToken());
        }

        assertThat(first.stopReason()).isEqualTo(RunOutcome.StopReason.CANCELLED);
        assertThat(kept).isEqualTo(callsBefore).isLessThan(ROWS);
        assertThat(calls.get() - callsBefore).as("calls of the resumed run").isEqualTo(ROWS - callsBefore);
        assertThat(callsPerRow).hasSize(ROWS).allSatisfy((row, count) -> assertThat(count.get()).isEqualTo(1));
        assertThat(second.result().complete()).isTrue();
        assertThat(second.progress().resumed()).isEqualTo(callsBefore);
        assertThat(second.result().rows()).allSatisfy(r -> assertThat(r.passRate()).isEqualTo(1.0));
    }
}
