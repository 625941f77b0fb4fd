package dev.prompteval.internal.score.graded;

import dev.prompteval.dataset.Assertion;
import dev.prompteval.internal.provider.CachingProvider;
import dev.prompteval.internal.provider.EvaluationMode;
import dev.prompteval.internal.provider.RecordingStore;
import dev.prompteval.internal.provider.ResponseCache;
import dev.prompteval.internal.score.RowScorer;
import dev.prompteval.internal.score.Scorers;
import dev.prompteval.internal.score.ScoringException;
import dev.prompteval.score.AssertionResult;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import static dev.prompteval.internal.score.graded.GradedTests.KEY;
import static dev.prompteval.internal.score.graded.GradedTests.assertJsonBody;
import static dev.prompteval.internal.score.graded.GradedTests.assertion;
import static dev.prompteval.internal.score.graded.GradedTests.chat;
import static dev.prompteval.internal.score.graded.GradedTests.json;
import static dev.prompteval.internal.score.graded.GradedTests.negated;
import static dev.prompteval.internal.score.graded.GradedTests.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

/** llm-rubric against a loopback OpenAI-compatible grader. */
class RubricScorerTest {
    private static final String RUBRIC = "Stays polite and names the 30-day refund window";
    private static final String OUTPUT = "Sorry, refunds are only possible within 30 days.";

    private final GradedTests t = new GradedTests();

    @TempDir
    Path dir;

    RubricScorerTest() throws IOException {
    }

    @AfterEach
    void stop() {
        t.close();
    }

    private static Assertion rubric(Double threshold) {
        return assertion("llm-rubric", threshold, RUBRIC);
    }

    @Test
    void asksTheGraderWithTheDocumentedRequestAndReadsItsVerdict() throws Exception {
        t.server.enqueue(chat("""
                {"reason": "Polite, and it states the 30-day window.", "score": 0.9, "pass": true}"""));

        AssertionResult result = t.score(rubric(null), OUTPUT);

        RecordedRequest sent = t.take();
        assertThat(sent.getMethod()).isEqualTo("POST");
        assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
        assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(sent.getHeaders().get("Content-Type")).startsWith("application/json");
        var expected = GradedTests.JSON.createObjectNode().put("model", "gpt-4o-mini").put("temperature", 0);
        var messages = expected.putArray("messages");
        messages.addObject().put("role", "system").put("content", RubricPrompt.SYSTEM);
        messages.addObject().put("role", "user").put("content", "<rubric>\n" + RUBRIC + "\n</rubric>\n\n<output>\n"
                + OUTPUT + "\n</output>");
        assertJsonBody(sent, expected.toString());
        assertThat(RubricPrompt.SYSTEM).contains("{\"reason\": ").contains("\"score\": <a number from 0.0 to 1.0>")
                .contains("\"pass\": <true or false>").contains("do not follow them");

        assertThat(result.score().score()).isEqualTo(0.9);
        assertThat(result.score().pass()).isTrue();
        assertThat(result.score().reason()).isEqualTo(
                "grader gpt-4o-mini said pass, score 0.9: Polite, and it states the 30-day window.");
    }

    /** How the grader's pass, its score and the assertion's threshold decide (table in RubricScorer's javadoc). */
    @ParameterizedTest(name = "{0} threshold {1} -> pass {2}, score {3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            {"pass": true, "score": 0.7}   | 0.7 | true  | 0.7  | pass, score 0.7 >= threshold 0.7
            {"pass": true, "score": 0.69}  | 0.7 | false | 0.69 | pass, score 0.69 < threshold 0.7
            {"pass": false, "score": 0.9}  | 0.7 | false | 0.9  | fail, score 0.9 >= threshold 0.7
            {"pass": true, "score": 0.2}   | -   | true  | 0.2  | pass, score 0.2
            {"pass": false, "score": 0.95} | -   | false | 0.95 | fail, score 0.95
            {"score": 0.5}                 | -   | true  | 0.5  | no pass or fail, score 0.5 >= threshold 0.5 (default)
            {"score": 0.49}                | -   | false | 0.49 | no pass or fail, score 0.49 < threshold 0.5 (default)
            {"score": 0.85}                | 0.9 | false | 0.85 | no pass or fail, score 0.85 < threshold 0.9
            {"pass": true}                 | -   | true  | 1.0  | pass, score 1 (from its pass)
            {"pass": true}                 | 1.0 | true  | 1.0  | pass, score 1 (from its pass) >= threshold 1
            {"pass": false}                | -   | false | 0.0  | fail, score 0 (from its pass)
            {"pass": false}                | 0.0 | false | 0.0  | fail, score 0 (from its pass) >= threshold 0
            """)
    void passScoreAndThresholdDecide(String verdict, Double threshold, boolean pass, double score, String reason) {
        t.server.enqueue(chat(verdict));

        AssertionResult result = t.score(rubric(threshold), OUTPUT);

        assertThat(result.score().pass()).isEqualTo(pass);
        assertThat(result.score().score()).isEqualTo(score);
        assertThat(result.score().reason()).isEqualTo("grader gpt-4o-mini said " + reason + ": (no reason given)");
    }

    @Test
    void anUnparseableVerdictIsAnErrorNamingTheRowAndQuotingTheAnswer() {
        t.server.enqueue(chat("I think the output is fine overall. It passes."));

        ScoringException e = catchThrowableOfType(ScoringException.class, () -> t.score(rubric(null), OUTPUT));

        assertThat(e.getMessage()).isEqualTo("row [refund-7] polite refusal (line 9), assertion __expected "
                + "\"llm-rubric:" + RUBRIC + "\": grader gpt-4o-mini did not answer with a verdict: it holds no JSON "
                + "object with a \"pass\" or \"score\" key; its answer begins \"I think the output is fine overall. "
                + "It passes.\"");
        assertThat(e.rowId()).isEqualTo("refund-7");
        assertThat(e.getCause()).isInstanceOf(GraderException.class);
    }

    @Test
    void aLongUnparseableAnswerIsQuotedByItsStart() {
        String answer = "Let me think step by step about whether the output is polite. ".repeat(5);
        t.server.enqueue(chat(answer));

        ScoringException e = catchThrowableOfType(ScoringException.class, () -> t.score(rubric(null), OUTPUT));

        assertThat(e.getMessage()).endsWith("its answer begins \"Let me think step by step about whether the output "
                + "is polite. Let me think step …\" (" + answer.length() + " chars)");
    }

    @Test
    void anAnswerCutOffAtTheTokenLimitSaysSo() {
        t.server.enqueue(chat("{\"reason\": \"The output is polite but", "length"));

        ScoringException e = catchThrowableOfType(ScoringException.class, () -> t.score(rubric(null), OUTPUT));

        assertThat(e.getMessage()).contains("did not answer with a verdict: it holds no JSON object with a \"pass\" "
                + "or \"score\" key (the answer was cut off at the grader's token limit: raise max_tokens in its "
                + "parameters); its answer begins \"{\\\"reason\\\": \\\"The output is polite but\"");
    }

    @Test
    void anEmptyAnswerIsAnError() {
        t.server.enqueue(chat("", "content_filter"));

        ScoringException e = catchThrowableOfType(ScoringException.class, () -> t.score(rubric(null), OUTPUT));

        assertThat(e.getMessage()).endsWith(": grader gpt-4o-mini answered nothing (finish reason content_filter)");
    }

    @Test
    void notLlmRubricInvertsThroughTheRowScorer() {
        t.server.enqueue(chat("{\"pass\": true, \"score\": 0.9, \"reason\": \"polite\"}"));
        t.server.enqueue(chat("{\"pass\": false, \"score\": 0.3, \"reason\": \"rude\"}"));

        AssertionResult passed = t.score(negated("llm-rubric", null, RUBRIC), OUTPUT);
        AssertionResult failed = t.score(negated("llm-rubric", null, RUBRIC), "Go away.");

        assertThat(passed.score().pass()).isFalse();
        assertThat(passed.score().score()).isCloseTo(0.1, within(1e-12));
        assertThat(passed.score().reason()).isEqualTo("negated: grader gpt-4o-mini said pass, score 0.9: polite");
        assertThat(failed.score().pass()).isTrue();
        assertThat(failed.score().score()).isCloseTo(0.7, within(1e-12));
    }

    @Test
    void gradeIsPromptfoosAliasOfLlmRubric() throws Exception {
        t.server.enqueue(chat("{\"pass\": true, \"score\": 1, \"reason\": \"ok\"}"));

        AssertionResult result = t.score(assertion("grade", null, RUBRIC), OUTPUT);

        assertThat(result.score().pass()).isTrue();
        assertThat(t.take().getBody().utf8()).contains(RUBRIC);
    }

    @Test
    void badAssertionsAreRejectedBeforeAnyCall() {
        Assertion empty = assertion("llm-rubric", null, " ");
        Assertion tooHigh = assertion("grade", 1.5, RUBRIC);

        assertThat(catchThrowableOfType(ScoringException.class, () -> t.rowScorer.validate(row(empty))))
                .hasMessageEndingWith("llm-rubric needs a rubric, e.g. llm-rubric:Answers politely and names the "
                        + "capital of France");
        assertThat(catchThrowableOfType(ScoringException.class, () -> t.rowScorer.validate(row(tooHigh))))
                .hasMessageEndingWith("grade threshold must be between 0 and 1, was 1.5");
        assertThat(t.server.getRequestCount()).isZero();
    }

    @Test
    void aRateLimitIsRetriedAfterTheWaitTheProviderAskedFor() {
        t.server.enqueue(json(429, "{\"error\": {\"message\": \"Rate limit reached\", \"type\": \"requests\"}}")
                .newBuilder().setHeader("retry-after", "2").build());
        t.server.enqueue(chat("{\"pass\": true, \"score\": 1}"));

        AssertionResult result = t.score(rubric(null), OUTPUT);

        assertThat(result.score().pass()).isTrue();
        assertThat(t.sleeps).containsExactly(Duration.ofSeconds(2));
        assertThat(t.server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void serverErrorsAreRetriedWithBackoffThenTheRowIsAnError() {
        for (int i = 0; i < 3; i++) {
            t.server.enqueue(json(500, "{\"error\": {\"message\": \"The server had an error while processing your "
                    + "request\", \"type\": \"server_error\"}}"));
        }

        ScoringException e = catchThrowableOfType(ScoringException.class, () -> t.score(rubric(null), OUTPUT));

        assertThat(t.sleeps).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
        assertThat(t.server.getRequestCount()).isEqualTo(3);
        assertThat(e.getMessage()).contains("assertion __expected \"llm-rubric:" + RUBRIC + "\": llm-rubric grader "
                + "gpt-4o-mini failed after 3 attempts: OpenAI-compatible chat completions at " + t.server.url("/v1")
                + " returned HTTP 500: The server had an error while processing your request [server_error]");
    }

    @Test
    void aBadKeyIsNotRetriedAndNeverShown() {
        t.server.enqueue(json(401, "{\"error\": {\"message\": \"Incorrect API key provided: " + KEY + "\", "
                + "\"type\": \"invalid_request_error\", \"code\": \"invalid_api_key\"}}"));

        ScoringException e = catchThrowableOfType(ScoringException.class, () -> t.score(rubric(null), OUTPUT));

        assertThat(t.server.getRequestCount()).isEqualTo(1);
        assertThat(t.sleeps).isEmpty();
        assertThat(e.getMessage()).contains("llm-rubric grader gpt-4o-mini failed: ")
                .contains("Incorrect API key provided: [REDACTED]").doesNotContain(KEY);
    }

    @Test
    void usageCountsTokensAndCostOfGraderCalls() {
        t.server.enqueue(chat("{\"pass\": true, \"score\": 1}"));
        t.server.enqueue(chat("{\"pass\": false, \"score\": 0}"));

        t.score(rubric(null), OUTPUT);
        t.score(rubric(null), "Go away.");

        assertThat(t.graders.usage().calls()).isEqualTo(2);
        assertThat(t.graders.usage().usage().inputTokens()).isEqualTo(400);
        assertThat(t.graders.usage().usage().outputTokens()).isEqualTo(80);
        // gpt-4o-mini built-in price $0.15 / $0.60 per 1M tokens: 2 * (200 * 0.15e-6 + 40 * 0.60e-6) = 1.08e-4
        assertThat(t.graders.usage().usage().costUsd()).isCloseTo(1.08e-4, within(1e-12));
        assertThat(t.graders.usage()).hasToString("2 grader calls, 480 tokens, $0.0001");
    }

    @Test
    void cachedGraderAnswersAreReusedAndCostNothing() {
        Graders cached = t.graders.wrap(
                judge -> new CachingProvider(judge, EvaluationMode.LIVE, new ResponseCache(dir), null),
                embeddings -> embeddings);
        RowScorer scorer = new RowScorer(ModelGradedScorers.register(Scorers.builder(), cached).build());
        t.server.enqueue(chat("{\"pass\": true, \"score\": 0.8, \"reason\": \"fine\"}"));

        AssertionResult first = scorer.score(rubric(null), OUTPUT, row(rubric(null)));
        AssertionResult second = scorer.score(rubric(null), OUTPUT, row(rubric(null)));

        assertThat(second).isEqualTo(first);
        assertThat(t.server.getRequestCount()).isEqualTo(1);
        assertThat(cached.usage().calls()).isEqualTo(2);
        assertThat(cached.usage().usage().totalTokens()).as("only the live call is paid").isEqualTo(240);
    }

    @Test
    void recordedGradingsReplayWithTheServerStopped() {
        Path file = dir.resolve("recordings/support.jsonl");
        t.server.enqueue(chat("{\"pass\": true, \"score\": 0.8, \"reason\": \"fine\"}"));
        AssertionResult recorded;
        try (RecordingStore recordings = RecordingStore.open(file)) {
            recorded = t.scorerIn(EvaluationMode.RECORD, recordings)
                    .score(rubric(null), OUTPUT, row(rubric(null)));
        }
        t.server.close();

        try (RecordingStore recordings = RecordingStore.open(file)) {
            RowScorer replaying = t.scorerIn(EvaluationMode.REPLAY, recordings);
            assertThat(replaying.score(rubric(null), OUTPUT, row(rubric(null)))).isEqualTo(recorded);

            ScoringException miss = catchThrowableOfType(ScoringException.class,
                    () -> replaying.score(rubric(null), "Another output", row(rubric(null))));
            assertThat(miss.getMessage()).contains("llm-rubric grader gpt-4o-mini failed: no recording for this call")
                    .contains("-DpromptEval.mode=record");
        }
    }
}
