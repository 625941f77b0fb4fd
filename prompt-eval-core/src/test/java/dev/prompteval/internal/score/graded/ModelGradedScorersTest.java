package dev.prompteval.internal.score.graded;

import dev.prompteval.internal.provider.ProviderOptions;
import dev.prompteval.internal.provider.Providers;
import dev.prompteval.internal.retry.RetryPolicy;
import dev.prompteval.internal.score.RowScorer;
import dev.prompteval.internal.score.Scorers;
import dev.prompteval.provider.ProviderException.Kind;
import dev.prompteval.provider.ProviderException;
import dev.prompteval.score.AssertionResult;
import dev.prompteval.template.ModelSpec;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.prompteval.internal.score.graded.GradedTests.assertion;
import static dev.prompteval.internal.score.graded.GradedTests.json;
import static dev.prompteval.internal.score.graded.GradedTests.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Wiring: configuration, registration, another grader provider, and the retry schedule. */
class ModelGradedScorersTest {

    @Test
    void registersLlmRubricItsAliasAndSimilar() {
        try (Providers providers = Providers.builder().env(Map.<String, String>of()::get).build()) {
            Scorers scorers = ModelGradedScorers.register(Scorers.builder(), GraderConfig.DEFAULT, providers).build();

            assertThat(scorers.types()).contains("llm-rubric", "grade", "similar");
            assertThat(scorers.forType("grade")).isSameAs(scorers.forType("llm-rubric"));
            assertThat(scorers.builtInTypes()).doesNotContain("llm-rubric", "similar");
        }
    }

    @Test
    void theDefaultGraderIsACheapDeterministicOpenAiModel() {
        assertThat(GraderConfig.DEFAULT.model()).isEqualTo(new ModelSpec("openai", "gpt-4o-mini",
                Map.of("temperature", 0)));
        assertThat(GraderConfig.DEFAULT.embeddingModel()).isEqualTo(new ModelSpec("openai", "text-embedding-3-small",
                Map.of()));
        assertThat(GraderConfig.DEFAULT.maxAttempts()).isEqualTo(3);
    }

    @Test
    void badConfigurationSaysWhatToChange() {
        assertThatThrownBy(() -> GraderConfig.DEFAULT.withMaxAttempts(0))
                .hasMessage("grader maxAttempts must be at least 1, was 0");
        assertThatThrownBy(() -> GraderConfig.DEFAULT.withModel(new ModelSpec("openai", " ", Map.of())))
                .hasMessageStartingWith("grader model needs a provider and a model name, e.g. openai and gpt-4o-mini");
        try (Providers providers = Providers.builder().env(Map.<String, String>of()::get).build()) {
            GraderConfig unknown = GraderConfig.DEFAULT.withModel(new ModelSpec("mistral", "large", Map.of()));
            assertThatThrownBy(() -> Graders.from(unknown, providers))
                    .hasMessageStartingWith("unknown provider 'mistral'");
            // An embeddings provider that cannot be made fails only the similar assertions that need it (below).
            GraderConfig anthropicEmbeddings = GraderConfig.DEFAULT.withEmbeddingModel(
                    new ModelSpec("anthropic", "voyage-3", Map.of()));
            assertThat(Graders.from(anthropicEmbeddings, providers).embeddingModel().provider()).isEqualTo("anthropic");
        }
    }

    @Test
    void theGraderCanBeAnotherProviderConfiguredApartFromTheSuite() throws Exception {
        try (MockWebServer server = new MockWebServer();
             Providers providers = Providers.builder().env(Map.<String, String>of()::get).build()) {
            server.start();
            server.enqueue(json(200, """
                    {"id": "msg_01", "type": "message", "role": "assistant", "model": "claude-3-5-haiku-20241022",
                     "content": [{"type": "text", "text": "{\\"pass\\": true, \\"score\\": 0.9, \\"reason\\": \\"ok\\"}"}],
                     "stop_reason": "end_turn", "usage": {"input_tokens": 150, "output_tokens": 20}}
                    """));
            GraderConfig config = GraderConfig.DEFAULT
                    .withModel(new ModelSpec("anthropic", "claude-3-5-haiku-latest", Map.of("temperature", 0)))
                    .withOptions(new ProviderOptions(server.url("/").toString(), "sk-ant-grader"));
            RowScorer scorer = new RowScorer(ModelGradedScorers.register(Scorers.builder(), config, providers).build());

            AssertionResult result = scorer.score(assertion("llm-rubric", null, "Is polite"), "Thank you!",
                    row(assertion("llm-rubric", null, "Is polite")));

            RecordedRequest sent = server.takeRequest(5, TimeUnit.SECONDS);
            assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/messages");
            assertThat(sent.getHeaders().get("x-api-key")).isEqualTo("sk-ant-grader");
            var body = GradedTests.JSON.readTree(sent.getBody().utf8());
            assertThat(body.get("model").asText()).isEqualTo("claude-3-5-haiku-latest");
            assertThat(body.get("system").asText()).isEqualTo(RubricPrompt.SYSTEM);
            assertThat(body.get("messages").get(0).get("content").asText())
                    .isEqualTo("<rubric>\nIs polite\n</rubric>\n\n<output>\nThank you!\n</output>");
            assertThat(result.score().reason()).isEqualTo("grader claude-3-5-haiku-latest said pass, score 0.9: ok");
        }
    }

    @Test
    void gradersRetryByTheSharedScheduleAndNeverRetryAQuotaError() {
        List<Duration> waits = new ArrayList<>();
        GraderRetry retry = new GraderRetry(RetryPolicy.DEFAULT, waits::add, () -> 0L, () -> 0L);
        int[] calls = {0};

        String answer = retry.call("llm-rubric grader gpt-4o-mini", () -> {
            if (++calls[0] < 3) throw new ProviderException(Kind.RATE_LIMIT, "429", 429, Duration.ofMillis(1500), null);
            return "ok";
        });
        assertThat(answer).isEqualTo("ok");
        assertThat(waits).containsExactly(Duration.ofMillis(1500), Duration.ofMillis(1500));

        assertThatThrownBy(() -> retry.call("llm-rubric grader gpt-4o-mini", () -> {
            throw new ProviderException(Kind.QUOTA, "You exceeded your current quota", 429, null, null);
        })).isInstanceOf(GraderException.class)
                .hasMessage("llm-rubric grader gpt-4o-mini failed: You exceeded your current quota");
        assertThat(waits).hasSize(2);
    }

    @Test
    void anInterruptedWaitStopsRetryingAndKeepsTheInterrupt() {
        List<Duration> waits = new ArrayList<>();
        GraderRetry retry = new GraderRetry(RetryPolicy.DEFAULT.withMaxAttempts(3), wait -> {
            waits.add(wait);
            throw new InterruptedException();
        }, System::nanoTime, () -> 0L);
        try {
            assertThatThrownBy(() -> retry.call("llm-rubric grader gpt-4o-mini", () -> {
                throw new ProviderException(Kind.TIMEOUT, "timed out calling the grader");
            })).isInstanceOf(GraderException.class)
                    .hasMessage("llm-rubric grader gpt-4o-mini was interrupted while waiting to retry after: timed "
                            + "out calling the grader");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            assertThat(waits).containsExactly(Duration.ofMillis(500));
        } finally {
            Thread.interrupted(); // clear the flag for the next test
        }
    }

    @Test
    void anAnthropicGraderNeedsNoEmbeddingProviderUntilASimilarAssertionAsksForOne() {
        try (Providers providers = Providers.builder().env(Map.of("ANTHROPIC_API_KEY", "sk-ant-test")::get).build()) {
            GraderConfig config = GraderConfig.DEFAULT
                    .withModel(new ModelSpec("anthropic", "claude-3-5-haiku-latest", Map.of()))
                    .withEmbeddingModel(new ModelSpec("anthropic", "text-embedding-3-small", Map.of()));

            Graders graders = Graders.from(config, providers);
            RowScorer scorer = new RowScorer(ModelGradedScorers.register(Scorers.builder(), graders).build());

            assertThatThrownBy(() -> scorer.score(assertion("similar", null, "a refund"), "no refund",
                    row(assertion("similar", null, "a refund"))))
                    .hasMessageContaining("the similar assertion needs embeddings, but embeddings provider "
                            + "'anthropic' is not supported");
        }
    }
}
