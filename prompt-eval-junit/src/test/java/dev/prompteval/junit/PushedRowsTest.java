package dev.prompteval.junit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prompteval.internal.registry.EvalRunRecord;
import dev.prompteval.internal.registry.promptlayer.FakePromptLayer;
import dev.prompteval.internal.registry.promptlayer.PromptLayerRegistry;
import dev.prompteval.internal.suite.Evaluation;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.prompteval.junit.TestProject.CANDIDATE;
import static dev.prompteval.junit.TestProject.PROMPT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An {@code @PromptEval} suite's results, as {@code prompt-eval:publish} pushes them from the results file its gate
 * wrote, carry the input rendered for each row, as a POM suite's do: PromptLayer shows what the model was sent, not
 * the template with its placeholders.
 */
class PushedRowsTest {
    static final String KEY = "pl_junit_push_key";

    @TempDir
    Path dir;

    static class Quiz extends EchoTarget {
        @PromptEval(prompt = PROMPT, candidate = CANDIDATE, dataset = "datasets/quiz.csv")
        void answers(PromptOutput output) {
            assertThat(output.passed()).isTrue();
        }
    }

    @Test
    void aPushedPromptEvalRowCarriesTheRenderedInputThatWasSent() throws Exception {
        TestProject project = new TestProject(dir).write("datasets/quiz.csv", """
                __id,answer,__expected
                q1,Paris,contains:Paris
                q2,Berlin,contains:Berlin
                """).candidate("The answer is {answer}");
        project.run(Quiz.class).testEvents().assertStatistics(s -> s.failed(0));

        // what publish reads: the record the gate kept beside the reports
        EvalRunRecord record = new ObjectMapper().readValue(
                Evaluation.resultsFile(project.outputDir(), "Quiz.answers").toFile(), EvalRunRecord.class);
        assertThat(record.rows()).extracting(EvalRunRecord.RowOutcome::input).containsExactly(
                List.of(new EvalRunRecord.SentMessage("system", "You answer quiz questions."),
                        new EvalRunRecord.SentMessage("user", "The answer is Paris")),
                List.of(new EvalRunRecord.SentMessage("system", "You answer quiz questions."),
                        new EvalRunRecord.SentMessage("user", "The answer is Berlin")));

        FakePromptLayer fake = new FakePromptLayer(KEY);
        try (MockWebServer server = fake.start()) {
            fake.seed(PROMPT, "{\"type\": \"chat\", \"messages\": [{\"role\": \"user\", \"content\": [{\"type\":"
                    + " \"text\", \"text\": \"{answer}\"}]}]}", "{\"model\": {\"provider\": \"openai\", \"name\":"
                    + " \"gpt-4o-mini\"}}");
            PromptLayerRegistry.builder().apiKey(KEY).baseUrl(server.url("/").toString()).build()
                    .pushResults(PROMPT, 1, record);
        }

        assertThat(fake.logged).hasSize(2);
        Map<String, JsonNode> byRow = new java.util.HashMap<>();
        fake.logged.forEach(body -> byRow.put(body.at("/metadata/row_id").asText(), body));
        JsonNode q2 = byRow.get("q2");
        assertThat(q2.at("/input/type").asText()).isEqualTo("chat");
        assertThat(q2.at("/input/messages/0/content/0/text").asText()).isEqualTo("You answer quiz questions.");
        assertThat(q2.at("/input/messages/1/role").asText()).isEqualTo("user");
        assertThat(q2.at("/input/messages/1/content/0/text").asText()).isEqualTo("The answer is Berlin");
        assertThat(q2.toString()).doesNotContain("{answer}");
    }
}
