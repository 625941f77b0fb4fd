package dev.prompteval.junit;

import dev.prompteval.gate.Decision;
import dev.prompteval.internal.run.RowResult;
import dev.prompteval.internal.suite.PromptEvalSettings.Property;
import dev.prompteval.internal.suite.SuiteResult;
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
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static dev.prompteval.junit.TestProject.CANDIDATE;
import static dev.prompteval.junit.TestProject.PROMPT;
import static dev.prompteval.junit.TestProject.failures;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An {@code @PromptEval} suite with an {@code llm-rubric} assertion, judged by a grader model on loopback: a stub of
 * OpenAI's chat completions API ({@code POST {base}/chat/completions}; request and response shapes as in the API
 * reference, openai-openapi {@code createChatCompletion} and {@code CreateChatCompletionResponse}), reached through
 * the {@code openai-compatible} provider that {@code promptEval.grader.*} names. The rubric uses the row's variables,
 * rendered per row before the grader sees it.
 */
class ModelGradedAssertionTest {
    private final MockWebServer grader = new MockWebServer();
    private final Queue<RecordedRequest> requests = new ConcurrentLinkedQueue<>();

    @TempDir
    Path dir;
    TestProject project;

    @BeforeEach
    void setUp() throws IOException {
        grader.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.add(request);
                return completion(verdict(request));
            }
        });
        grader.start();
        project = new TestProject(dir).write("datasets/capitals.csv", """
                __id,country,answer,near
                c1,France,Paris,Pariss
                c2,Italy,Rome,Rom
                c3,Spain,Madrid,Madri
                """)
                .parameter(Property.GRADER_PROVIDER.key(), "openai-compatible")
                .parameter(Property.GRADER_MODEL.key(), "judge-model")
                .parameter(Property.GRADER_BASE_URL.key(), grader.url("/v1").toString())
                .parameter(Property.CACHE.key(), "false");
    }

    @AfterEach
    void stop() {
        grader.close();
    }

    /** The stub grader passes an output that is the capital the rubric names, as it knows them. */
    private static String verdict(RecordedRequest request) {
        String user = ChatCompletions.lastMessage(request);
        boolean pass = user.contains("capital of France") && user.contains("<output>\nParis\n</output>")
                || user.contains("capital of Italy") && user.contains("<output>\nRome\n</output>")
                || user.contains("capital of Spain") && user.contains("<output>\nMadrid\n</output>");
        return "{\"reason\": \"" + (pass ? "names it" : "misspells it") + "\", \"score\": " + (pass ? 1.0 : 0.0)
                + ", \"pass\": " + pass + "}";
    }

    private static MockResponse completion(String content) {
        return ChatCompletions.response("judge-model", content, 120, 20);
    }

    static class Graded extends EchoTarget {
        @PromptEval(prompt = PROMPT, candidate = CANDIDATE, dataset = "datasets/capitals.csv",
                assertions = "llm-rubric: Names the capital of {{country}}, spelled correctly", minPassRate = 0.9)
        void answers(PromptOutput output) {
        }
    }

    @Test
    void theRubricIsJudgedByTheGraderWithEachRowsVariables() throws IOException {
        EngineExecutionResults results = project.run(Graded.class);

        results.testEvents().assertStatistics(s -> s.started(4).succeeded(4));
        // Three rows, judged for the candidate and for the baseline (both answer with {answer}). The two versions
        // run at once, and the grader merges identical judgements in flight together (as its cache would serve
        // them): each row's judgement is asked once or twice, never more, and every row's is asked.
        assertThat(requests.stream().map(ChatCompletions::lastMessage).distinct()).hasSize(3);
        assertThat(requests).hasSizeBetween(3, 6).allSatisfy(request -> {
            assertThat(request.getMethod()).isEqualTo("POST");
            assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
            assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
        });
        List<String> rubrics = requests.stream().map(ChatCompletions::lastMessage).toList();
        assertThat(rubrics).allSatisfy(user -> assertThat(user).doesNotContain("{{country}}"));
        assertThat(rubrics).filteredOn(user -> user.contains("Names the capital of Italy, spelled correctly"))
                .hasSizeBetween(1, 2).allSatisfy(user -> assertThat(user).contains("<output>\nRome\n</output>"));
        assertThat(ChatCompletions.body(requests.peek()).get("model").asText()).isEqualTo("judge-model");
        // Three rows cannot show a 2-point margin: INCONCLUSIVE, which does not block by default.
        assertThat(project.result("Graded.answers").decision()).isEqualTo(Decision.INCONCLUSIVE);
        assertThat(project.result("Graded.answers").blocking()).isFalse();
    }

    @Test
    void aCandidateTheGraderRejectsFailsItsRowsAndTheGate() {
        project.candidate("{near}");

        EngineExecutionResults results = project.run(Graded.class);

        assertThat(failures(results)).containsOnlyKeys("[c1]", "[c2]", "[c3]", "gate");
        assertThat(failures(results).get("[c2]")).hasMessageContaining("llm-rubric")
                .hasMessageContaining("misspells it");
        SuiteResult kept = project.kept("Graded.answers");
        assertThat(kept.candidate().rows()).extracting(RowResult::passRate).containsExactly(0.0, 0.0, 0.0);
        assertThat(kept.baseline().rows()).extracting(RowResult::passRate).containsExactly(1.0, 1.0, 1.0);
        assertThat(project.result("Graded.answers").decision()).isEqualTo(Decision.FAIL);
    }
}
