package dev.prompteval.internal.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prompteval.gate.Decision;
import dev.prompteval.gate.Outcome;
import dev.prompteval.internal.gate.Gate;
import dev.prompteval.internal.gate.GateResult;
import dev.prompteval.internal.gate.GateRules;
import dev.prompteval.internal.gate.RuleId;
import dev.prompteval.internal.provider.ProviderOptions;
import dev.prompteval.internal.provider.Providers;
import dev.prompteval.internal.retry.RetryPolicy;
import dev.prompteval.internal.run.RunFixtures.FakeClock;
import dev.prompteval.internal.template.PromptTemplate;
import dev.prompteval.provider.ModelProvider;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.prompteval.internal.run.RunFixtures.SCORER;
import static dev.prompteval.internal.run.RunFixtures.TEMPLATE;
import static dev.prompteval.internal.run.RunFixtures.rows;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A busy hosted model at a team's rate limit: an OpenAI-compatible loopback server answers 25% of calls with
 * {@code 429 Retry-After: 1} and 5% with 500, with the bodies and headers of OpenAI's API reference (error object
 * {@code {"error": {"message", "type", "param", "code"}}}, {@code x-ratelimit-*} headers). Whether a call fails
 * depends only on its row, version and attempt number (seeded), so the test does not depend on thread timing. The
 * run's clock is fake, so the waits take no real time.
 */
class RateLimitedRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ROWS = 500;
    private static final PromptTemplate CANDIDATE = PromptTemplate.parse("""
            {"prompt_template": {"type": "chat", "messages": [{"role": "user", "content": "Please echo {word}"}]},
             "metadata": {"model": {"provider": "openai", "name": "gpt-test", "parameters": {"temperature": 0}}}}""",
            "echo");

    private final MockWebServer server = new MockWebServer();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final AtomicInteger rateLimited = new AtomicInteger();
    private final AtomicInteger serverErrors = new AtomicInteger();
    private volatile boolean faulty;
    private Providers providers;
    private ModelProvider model;

    @BeforeEach
    void start() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                try {
                    JsonNode body = JSON.readTree(request.getBody().utf8());
                    String prompt = body.at("/messages/0/content").asText();
                    String row = prompt.substring(prompt.lastIndexOf(' ') + 1);
                    int attempt = attempts.computeIfAbsent(prompt, k -> new AtomicInteger()).incrementAndGet();
                    double draw = new SplittableRandom(prompt.hashCode() * 1_000_003L + attempt).nextDouble();
                    if (faulty && draw < 0.25) {
                        rateLimited.incrementAndGet();
                        return rateLimit();
                    }
                    if (faulty && draw < 0.30) {
                        serverErrors.incrementAndGet();
                        return serverError();
                    }
                    // Every ninth row is answered wrongly by both versions, so that not every row passes.
                    String answer = Integer.parseInt(row.substring(1)) % 9 == 0 ? "out:wrong" : "out:" + row;
                    return completion(answer);
                } catch (IOException e) {
                    return new MockResponse.Builder().code(400).body(e.getMessage()).build();
                }
            }
        });
        server.start();
        providers = Providers.builder().env(name -> null).build();
        model = providers.create("openai-compatible", new ProviderOptions(server.url("/v1").toString(), null));
    }

    @AfterEach
    void stop() {
        providers.close();
        server.close();
    }

    @Test
    void aRunAtTheRateLimitHasNoErroredRowAndTheDecisionOfACleanRun() {
        Decision clean = decision();
        int cleanCalls = server.getRequestCount();

        faulty = true;
        attempts.clear();
        RunOutcome[] runs = new RunOutcome[2];
        Decision busy = decision(runs);

        assertThat(cleanCalls).isEqualTo(2 * ROWS);
        assertThat(rateLimited.get()).as("429s served").isGreaterThan(2 * ROWS / 5);
        assertThat(serverErrors.get()).as("500s served").isGreaterThan(2 * ROWS / 40);
        for (RunOutcome run : runs) {
            assertThat(run.result().rows()).hasSize(ROWS).noneMatch(RowResult::errored);
            assertThat(run.progress().errors()).isZero();
        }
        assertThat(runs[0].progress().retries() + runs[1].progress().retries())
                .isEqualTo(rateLimited.get() + serverErrors.get());
        assertThat(busy).isEqualTo(clean).isEqualTo(Decision.PASS);
    }

    @Test
    void rateLimitsBeyondTheRetryBudgetAreNotEvaluatedNeverARegressionOfThePrompt() {
        faulty = true;
        // 1.5 s: one wait of Retry-After 1 (plus up to 10%) fits, a second does not.
        RunOptions tight = RunOptions.defaults().withRetry(RetryPolicy.DEFAULT.withOverloadBudget(
                Duration.ofMillis(1500)));
        RunOutcome[] runs = new RunOutcome[2];

        GateResult gate = gate(tight, runs);

        long unanswered = runs[0].progress().errors() + runs[1].progress().errors();
        assertThat(unanswered).as("rows left without an answer").isGreaterThan(10);
        for (RunOutcome run : runs) {
            assertThat(run.result().rows().stream().filter(RowResult::errored)).allMatch(RowResult::notEvaluated);
        }
        assertThat(gate.decision()).isEqualTo(Decision.NOT_EVALUATED);
        assertThat(gate.blocking()).isTrue();
        // Left out of every statistic: no check fails, the regression checks included.
        assertThat(gate.checks()).noneMatch(c -> c.outcome() == Outcome.FAIL);
        assertThat(gate.checks()).filteredOn(c -> c.rule() == RuleId.MAX_REGRESSION).isNotEmpty()
                .allMatch(c -> c.outcome() == Outcome.PASS || c.outcome() == Outcome.WARN);
        assertThat(gate.violations()).singleElement().satisfies(v -> assertThat(v.message())
                .startsWith("busy: not evaluated: " + runs[1].progress().errors() + " rows of the candidate (rate "
                        + "limit (HTTP 429) " + runs[1].progress().errors() + ") and " + runs[0].progress().errors()
                        + " rows of the baseline (rate limit (HTTP 429) " + runs[0].progress().errors() + ")")
                .contains("the provider gave no answer, which says nothing about the prompt")
                .contains("the retry budget of 1.5 s is used up")
                .endsWith("Run the build again to resume: the run journal keeps every completed result and only "
                        + "these rows are called again"));
    }

    private Decision decision(RunOutcome... keep) {
        return gate(RunOptions.defaults(), keep).decision();
    }

    private GateResult gate(RunOptions options, RunOutcome... keep) {
        FakeClock clock = new FakeClock();
        var runner = new Runner(model, SCORER, options.withConcurrency(8).withClock(clock));
        RunOutcome baseline = runner.run(new RunSpec("busy", "echo", "label:prod", 1, TEMPLATE, TEMPLATE.model(),
                "sha256:dataset", 1), rows(ROWS));
        RunOutcome candidate = runner.run(new RunSpec("busy", "echo", "file:candidate.json", null, CANDIDATE,
                CANDIDATE.model(), "sha256:dataset", 1), rows(ROWS));
        if (keep.length == 2) {
            keep[0] = baseline;
            keep[1] = candidate;
        }
        return new Gate(GateRules.defaults()).evaluate(candidate.result(), baseline.result());
    }

    /** A 429 as OpenAI sends it at a requests-per-minute limit. */
    private static MockResponse rateLimit() {
        return new MockResponse.Builder().code(429).setHeader("Content-Type", "application/json")
                .setHeader("Retry-After", "1")
                .setHeader("x-ratelimit-limit-requests", "500").setHeader("x-ratelimit-remaining-requests", "0")
                .setHeader("x-ratelimit-reset-requests", "120ms")
                .body("{\"error\": {\"message\": \"Rate limit reached for gpt-test in organization org-test on "
                        + "requests per min (RPM): Limit 500, Used 500, Requested 1.\", \"type\": \"requests\", "
                        + "\"param\": null, \"code\": \"rate_limit_exceeded\"}}")
                .build();
    }

    private static MockResponse serverError() {
        return new MockResponse.Builder().code(500).setHeader("Content-Type", "application/json")
                .body("{\"error\": {\"message\": \"The server had an error while processing your request. Sorry "
                        + "about that!\", \"type\": \"server_error\", \"param\": null, \"code\": null}}")
                .build();
    }

    private static MockResponse completion(String text) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body("{\"id\": \"chatcmpl-1\", \"object\": \"chat.completion\", \"created\": 1741569952, "
                        + "\"model\": \"gpt-test\", \"choices\": [{\"index\": 0, \"message\": {\"role\": "
                        + "\"assistant\", \"content\": \"" + text + "\", \"refusal\": null}, \"finish_reason\": "
                        + "\"stop\"}], \"usage\": {\"prompt_tokens\": 5, \"completion_tokens\": 2, "
                        + "\"total_tokens\": 7}}")
                .build();
    }
}
