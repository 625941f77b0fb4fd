package dev.prompteval.internal.provider;

import dev.prompteval.internal.retry.FailureClass;
import dev.prompteval.internal.retry.Failures;
import dev.prompteval.provider.ModelProvider;
import dev.prompteval.provider.ModelResponse;
import dev.prompteval.provider.ProviderException.Kind;
import dev.prompteval.provider.ProviderException;
import dev.prompteval.provider.Usage;
import dev.prompteval.template.ChatMessage;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static dev.prompteval.internal.provider.ProviderTests.assertJsonBody;
import static dev.prompteval.internal.provider.ProviderTests.assistant;
import static dev.prompteval.internal.provider.ProviderTests.json;
import static dev.prompteval.internal.provider.ProviderTests.model;
import static dev.prompteval.internal.provider.ProviderTests.request;
import static dev.prompteval.internal.provider.ProviderTests.system;
import static dev.prompteval.internal.provider.ProviderTests.take;
import static dev.prompteval.internal.provider.ProviderTests.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Anthropic Messages wire format (POST /v1/messages), as in the API reference. */
class AnthropicProviderTest {
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private final MockWebServer server = new MockWebServer();
    private Providers providers;
    private ModelProvider anthropic;

    @BeforeEach
    void start() throws Exception {
        server.start();
        providers = Providers.builder()
                .env(Map.of("ANTHROPIC_API_KEY", "sk-ant-test-456", "ANTHROPIC_BASE_URL",
                        server.url("/").toString())::get)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .build();
        anthropic = providers.create("anthropic");
    }

    @AfterEach
    void stop() {
        providers.close();
        server.close();
    }

    private static final String PARIS = """
            {"id": "msg_013Zva2CMHLNnXjNJJKqJ2EF", "type": "message", "role": "assistant",
             "model": "claude-3-5-haiku-20241022",
             "content": [{"type": "text", "text": "Paris"}],
             "stop_reason": "end_turn", "stop_sequence": null,
             "usage": {"input_tokens": 15, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0,
                       "output_tokens": 4}}
            """;

    @Test
    void sendsTheDocumentedRequestWithSystemAtTopLevelAndDefaultMaxTokens() throws Exception {
        server.enqueue(json(200, PARIS));

        ModelResponse response = anthropic.complete(request(
                model("anthropic", "claude-3-5-haiku-20241022", Map.of("temperature", 0)),
                system("You are terse."), user("Capital of France?")));

        RecordedRequest sent = take(server);
        assertThat(sent.getMethod()).isEqualTo("POST");
        assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/messages");
        assertThat(sent.getHeaders().get("x-api-key")).isEqualTo("sk-ant-test-456");
        assertThat(sent.getHeaders().get("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(sent.getHeaders().get("Authorization")).isNull();
        assertThat(sent.getHeaders().get("Content-Type")).startsWith("application/json");
        assertJsonBody(sent, """
                {"model": "claude-3-5-haiku-20241022", "max_tokens": 1024, "system": "You are terse.",
                 "messages": [{"role": "user", "content": "Capital of France?"}],
                 "temperature": 0}
                """);
        assertThat(response.text()).isEqualTo("Paris");
        assertThat(response.finishReason()).isEqualTo("end_turn");
        // claude-3-5-haiku built-in price: $0.80 / $4.00 per 1M -> 15 * 0.8e-6 + 4 * 4e-6
        assertThat(response.usage()).satisfies(u -> {
            assertThat(u.inputTokens()).isEqualTo(15);
            assertThat(u.outputTokens()).isEqualTo(4);
            assertThat(u.costUsd()).isCloseTo(2.8e-5, within(1e-12));
        });
    }

    @Test
    void templateMaxTokensSeveralSystemMessagesAndATurnHistory() throws Exception {
        server.enqueue(json(200, PARIS));

        anthropic.complete(request(
                model("anthropic", "claude-sonnet-4-20250514", Map.of("max_tokens", 300, "top_k", 5,
                        "stop_sequences", java.util.List.of("END"))),
                system("Rule one."), new ChatMessage("developer", "Rule two."), user("Hi"), assistant("Hello!"),
                user("Capital of France?")));

        assertJsonBody(take(server), """
                {"model": "claude-sonnet-4-20250514", "max_tokens": 300, "system": "Rule one.\\n\\nRule two.",
                 "messages": [{"role": "user", "content": "Hi"},
                              {"role": "assistant", "content": "Hello!"},
                              {"role": "user", "content": "Capital of France?"}],
                 "stop_sequences": ["END"], "top_k": 5}
                """);
    }

    @Test
    void textBlocksAreJoinedOtherBlocksSkippedAndCacheTokensCountAsInput() throws Exception {
        server.enqueue(json(200, """
                {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-sonnet-4-20250514",
                 "content": [{"type": "thinking", "thinking": "Let me think", "signature": "abc"},
                             {"type": "text", "text": "Par"}, {"type": "text", "text": "is"}],
                 "stop_reason": "max_tokens", "stop_sequence": null,
                 "usage": {"input_tokens": 10, "cache_creation_input_tokens": 100, "cache_read_input_tokens": 1000,
                           "output_tokens": 50}}
                """));

        ModelResponse response = anthropic.complete(request(model("anthropic", "claude-sonnet-4-20250514",
                Map.of()), user("Capital of France?")));

        assertThat(response.text()).isEqualTo("Paris");
        assertThat(response.finishReason()).isEqualTo("max_tokens");
        assertThat(response.usage().inputTokens()).isEqualTo(1110);
        assertThat(response.usage().outputTokens()).isEqualTo(50);
    }

    @Test
    void emptyContentIsEmptyTextWithTheStopReason() throws Exception {
        server.enqueue(json(200, """
                {"id": "msg_2", "type": "message", "role": "assistant", "model": "claude-sonnet-4-20250514",
                 "content": [], "stop_reason": "refusal", "stop_sequence": null,
                 "usage": {"input_tokens": 10, "output_tokens": 0}}
                """));

        ModelResponse response = anthropic.complete(request(model("anthropic", "claude-sonnet-4-20250514",
                Map.of()), user("Something harmful")));

        assertThat(response.text()).isEmpty();
        assertThat(response.finishReason()).isEqualTo("refusal");
    }

    @Test
    void missingUsageIsUnknown() throws Exception {
        server.enqueue(json(200, """
                {"type": "message", "content": [{"type": "text", "text": "ok"}], "stop_reason": "end_turn"}
                """));

        ModelResponse response = anthropic.complete(request(model("anthropic", "claude-3-5-haiku-latest",
                Map.of()), user("Hi")));

        assertThat(response.usage()).isEqualTo(new Usage(-1, -1, 0.0));
    }

    @Test
    void overloadedIsAServerErrorWithAnthropicsMessage() {
        server.enqueue(json(529, """
                {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
                """));

        assertThatThrownBy(() -> anthropic.complete(request(model("anthropic", "claude-sonnet-4-20250514",
                Map.of()), user("Hi"))))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.SERVER);
                    assertThat(e.kind().retryable()).isTrue();
                    assertThat(e.httpStatus()).isEqualTo(529);
                    assertThat(e.getMessage()).contains("Anthropic at").contains("HTTP 529")
                            .contains("Overloaded [overloaded_error]");
                });
    }

    @Test
    void rateLimitWaitComesFromRetryAfterFirst() {
        server.enqueue(new MockResponse.Builder().code(429)
                .setHeader("retry-after", "17")
                .setHeader("anthropic-ratelimit-requests-remaining", "0")
                .setHeader("anthropic-ratelimit-requests-reset", "2025-06-01T12:00:45Z")
                .body("""
                        {"type": "error", "error": {"type": "rate_limit_error",
                         "message": "Number of request tokens has exceeded your per-minute rate limit"}}
                        """).build());

        assertThatThrownBy(() -> anthropic.complete(request(model("anthropic", "claude-sonnet-4-20250514",
                Map.of()), user("Hi"))))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMIT);
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(17));
                    assertThat(e.getMessage()).contains("per-minute rate limit [rate_limit_error]");
                });
    }

    @Test
    void rateLimitWithoutRetryAfterWaitsForTheExhaustedLimitsReset() {
        server.enqueue(new MockResponse.Builder().code(429)
                .setHeader("anthropic-ratelimit-requests-remaining", "12")
                .setHeader("anthropic-ratelimit-requests-reset", "2025-06-01T12:00:05Z")
                .setHeader("anthropic-ratelimit-tokens-remaining", "0")
                .setHeader("anthropic-ratelimit-tokens-reset", "2025-06-01T12:00:30Z")
                .body("""
                        {"type": "error", "error": {"type": "rate_limit_error", "message": "Rate limited"}}
                        """).build());

        assertThatThrownBy(() -> anthropic.complete(request(model("anthropic", "claude-sonnet-4-20250514",
                Map.of()), user("Hi"))))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30)));
    }

    @Test
    void overloadIsRetriedAsAnOverloadSoTheRunnerSendsFewerCallsAtOnce() {
        // The 529 body as Anthropic's error documentation shows it.
        server.enqueue(json(529, """
                {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
                """));

        assertThatThrownBy(() -> anthropic.complete(request(model("anthropic", "claude-sonnet-4-20250514",
                Map.of()), user("Hi"))))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(Failures.classOf(e)).isEqualTo(FailureClass.OVERLOAD));
    }

    @Test
    void aSpendCap429WithoutRetryAfterOrRateLimitHeadersIsAQuotaErrorNeverRetried() {
        // Anthropic's rate_limit_error shape, as its spend limit sends it: no retry-after, no rate-limit headers.
        server.enqueue(json(429, """
                {"type": "error", "error": {"type": "rate_limit_error",
                 "message": "You have reached your specified workspace API usage limits."}}
                """));

        assertThatThrownBy(() -> anthropic.complete(request(model("anthropic", "claude-sonnet-4-20250514",
                Map.of()), user("Hi"))))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.QUOTA);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("usage limits").contains("waiting does not help");
                });
    }

    @Test
    void aToolRoleCannotBeSentAndNothingIsCalled() {
        assertThatThrownBy(() -> anthropic.complete(request(model("anthropic", "claude-sonnet-4-20250514",
                Map.of()), new ChatMessage("tool", "42"))))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST);
                    assertThat(e.getMessage()).contains("role 'tool'");
                });
        assertThat(server.getRequestCount()).isZero();
    }

    /**
     * OpenAI-style parameters of a template, translated to the Messages API as anthropic-sdk-python's
     * {@code MessageCreateParams} types define it: {@code stop_sequences: List[str]}, {@code max_tokens: int}
     * (required), no {@code seed}; {@code thinking: {type: enabled, budget_tokens}} needs {@code max_tokens} above
     * the budget.
     */
    @Test
    void openAiStyleStopMaxCompletionTokensAndSeedAreTranslatedNotSentAsTheyAre() throws Exception {
        server.enqueue(json(200, PARIS));

        anthropic.complete(request(model("anthropic", "claude-sonnet-4-20250514", Map.of("stop", "END",
                "max_completion_tokens", 300, "seed", 42, "temperature", 0)), user("Capital of France?")));

        assertJsonBody(take(server), """
                {"model": "claude-sonnet-4-20250514", "max_tokens": 300, "stop_sequences": ["END"],
                 "messages": [{"role": "user", "content": "Capital of France?"}], "temperature": 0}
                """);
    }

    @Test
    void extendedThinkingGetsMaxTokensAboveItsBudget() throws Exception {
        server.enqueue(json(200, PARIS));

        anthropic.complete(request(model("anthropic", "claude-sonnet-4-20250514", Map.of("thinking",
                Map.of("type", "enabled", "budget_tokens", 2048))), user("Capital of France?")));

        assertJsonBody(take(server), """
                {"model": "claude-sonnet-4-20250514", "max_tokens": 3072,
                 "thinking": {"type": "enabled", "budget_tokens": 2048},
                 "messages": [{"role": "user", "content": "Capital of France?"}]}
                """);
    }

    @Test
    void aParameterWithoutAnEquivalentIsRefusedNamingItAndNothingIsSent() {
        assertThatThrownBy(() -> anthropic.complete(request(model("anthropic", "claude-sonnet-4-20250514",
                Map.of("frequency_penalty", 0.5)), user("Hi"))))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST);
                    assertThat(e.getMessage()).contains("frequency_penalty").contains("claude-sonnet-4-20250514");
                });
        assertThat(server.getRequestCount()).isZero();
    }
}
