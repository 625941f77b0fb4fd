package dev.prompteval.junit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prompteval.gate.Decision;
import dev.prompteval.internal.suite.PromptEvalSettings.Property;
import dev.prompteval.internal.suite.SuiteResult;
import dev.prompteval.report.GateFile;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static dev.prompteval.junit.TestProject.CANDIDATE;
import static dev.prompteval.junit.TestProject.PROMPT;
import static dev.prompteval.junit.TestProject.failures;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @PromptEval} without a custom target: the prompt's provider ({@code openai-compatible}) is called, here a
 * stub of the chat completions API on loopback ({@code POST {base}/chat/completions}).
 */
class OpenAiCompatibleStubTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Queue<String> SEEN = new ConcurrentLinkedQueue<>();

    private final MockWebServer server = new MockWebServer();
    private final Queue<RecordedRequest> requests = new ConcurrentLinkedQueue<>();

    @TempDir
    Path dir;
    TestProject project;

    @BeforeEach
    void setUp() throws IOException {
        SEEN.clear();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.add(request);
                return completion(reply(request));
            }
        });
        server.start();
        project = new TestProject(dir).baseline("{answer}").candidate("Say: {answer}")
                .write("datasets/capitals.csv", """
                        __id,answer,__expected
                        r1,Paris,equals:Paris
                        r2,Rome,equals:Rome
                        """)
                .parameter("stub.url", server.url("/v1").toString())
                .parameter(Property.CACHE.key(), "false");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** The stub model repeats the last user message, without a leading "Say: ". */
    private static String reply(RecordedRequest request) {
        return ChatCompletions.lastMessage(request).replaceFirst("^Say: ", "");
    }

    private static MockResponse completion(String content) {
        return ChatCompletions.response("stub-model", content, 11, 2);
    }

    static class Capitals {
        @PromptEval(prompt = PROMPT, candidate = CANDIDATE, dataset = "datasets/capitals.csv",
                baseUrl = "${stub.url}")
        void answers(PromptRow row, PromptOutput output) {
            SEEN.add(row.id() + "=" + output.text() + " " + output.usage().inputTokens() + "+"
                    + output.usage().outputTokens());
        }
    }

    @Test
    void callsTheProviderOncePerRowAndVersionWithTheDocumentedRequest() throws IOException {
        EngineExecutionResults results = project.run(Capitals.class);

        results.testEvents().assertStatistics(s -> s.started(3).succeeded(3));
        // The body ran for the candidate's output, then the baseline's.
        assertThat(SEEN).containsExactly("r1=Paris 11+2", "r1=Paris 11+2", "r2=Rome 11+2", "r2=Rome 11+2");
        assertThat(requests).hasSize(4).allSatisfy(request -> {
            assertThat(request.getMethod()).isEqualTo("POST");
            assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
            assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
            assertThat(request.getHeaders().get("Authorization")).as("no key is sent to a compatible server").isNull();
        });
        var bodies = new ArrayList<JsonNode>();
        for (RecordedRequest request : requests) bodies.add(JSON.readTree(request.getBody().utf8()));
        assertThat(bodies).containsExactlyInAnyOrderElementsOf(List.of(
                body("Paris"), body("Rome"), body("Say: Paris"), body("Say: Rome")));
        assertThat(project.result("Capitals.answers").decision()).as("two rows cannot show a 2-point margin")
                .isEqualTo(Decision.INCONCLUSIVE);
        assertThat(project.result("Capitals.answers").blocking()).isFalse();
        assertThat(project.result("Capitals.answers").candidate().provider()).isEqualTo("openai-compatible");
        assertThat(project.kept("Capitals.answers").candidate().rows().get(0).samples().get(0).usage().inputTokens())
                .isEqualTo(11);
    }

    private static JsonNode body(String user) throws IOException {
        return JSON.readTree("""
                {"model": "stub-model", "temperature": 0,
                 "messages": [{"role": "system", "content": "You answer quiz questions."},
                              {"role": "user", "content": "%s"}]}
                """.formatted(user));
    }

    static class ReasoningModel {
        @PromptEval(prompt = PROMPT, candidate = CANDIDATE, dataset = "datasets/capitals.csv",
                baseUrl = "${stub.url}", model = "o4-mini")
        void answers(PromptOutput output) {
        }
    }

    @Test
    void aParameterTheModelCannotTakeIsReportedOnceBeforeAnyCallAndNotSent() throws IOException {
        EngineExecutionResults results = project.run(ReasoningModel.class);

        List<String> warnings = results.allEvents().reportingEntryPublished().stream()
                .flatMap(e -> e.getPayload(org.junit.platform.engine.reporting.ReportEntry.class).stream())
                .flatMap(entry -> entry.getKeyValuePairs().entrySet().stream())
                .filter(kv -> kv.getKey().equals("prompt-eval.warning")).map(java.util.Map.Entry::getValue)
                .filter(v -> v.contains("not sent")).toList();
        assertThat(warnings).containsExactly("suite ReasoningModel.answers, prompt " + PROMPT + ", provider "
                + "openai-compatible, model o4-mini: parameter temperature is not sent: OpenAI's reasoning models "
                + "(o-series, gpt-5) take only their default, so sampling is the model's own");
        assertThat(requests).hasSize(4).allSatisfy(request -> assertThat(JSON.readTree(request.getBody().utf8())
                .has("temperature")).isFalse());
    }

    @Test
    void recordedCallsReplayWithoutTheServerToTheSameDecision() {
        project.parameter(Property.MODE.key(), "record");
        project.run(Capitals.class).testEvents().assertStatistics(s -> s.succeeded(3));
        GateFile.Suite recorded = project.result("Capitals.answers");
        assertThat(dir.resolve("src/test/prompt-eval/recordings/Capitals.answers.jsonl")).isNotEmptyFile();
        server.close();
        SEEN.clear();

        project.parameter(Property.MODE.key(), "replay");
        project.run(Capitals.class).testEvents().assertStatistics(s -> s.succeeded(3));

        assertThat(requests).hasSize(4);
        assertThat(project.result("Capitals.answers").decision()).isEqualTo(recorded.decision());
        SuiteResult replayed = project.kept("Capitals.answers");
        assertThat(replayed.candidate().rows()).extracting(r -> r.samples().get(0).output())
                .containsExactly("Paris", "Rome");
        assertThat(replayed.baseline().rows()).extracting(r -> r.samples().get(0).output())
                .containsExactly("Paris", "Rome");
    }

    @Test
    void aReplayMissFailsTheRowAsAnErrorSayingHowToRecord() {
        project.parameter(Property.MODE.key(), "replay");

        EngineExecutionResults results = project.run(Capitals.class);

        assertThat(requests).isEmpty();
        assertThat(failures(results)).containsOnlyKeys("[r1]", "[r2]", "gate");
        assertThat(failures(results).get("[r1]")).isInstanceOf(ModelCallFailedException.class)
                .hasMessageStartingWith("row [r1]: the candidate (" + CANDIDATE + ") has no scored output: "
                        + "REPLAY_MISS: no recording for this call in ")
                .hasMessageContaining("-DpromptEval.mode=record");
        // No recording is no verdict on the prompt: the gate is an error of the run, not a failed assertion.
        assertThat(failures(results).get("gate")).isInstanceOf(GateInvocation.NotEvaluatedException.class)
                .hasMessageStartingWith("suite Capitals.answers: the gate says NOT_EVALUATED")
                .hasMessageContaining("not evaluated: 2 rows of the candidate (replay miss 2) and 2 rows of the "
                        + "baseline (replay miss 2)");
        assertThat(project.result("Capitals.answers").decision()).isEqualTo(Decision.NOT_EVALUATED);
    }
}
