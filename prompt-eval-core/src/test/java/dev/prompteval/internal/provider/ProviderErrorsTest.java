package dev.prompteval.internal.provider;

import dev.prompteval.internal.retry.FailureClass;
import dev.prompteval.internal.retry.Failures;
import dev.prompteval.internal.retry.RetryAfter;
import dev.prompteval.provider.ModelProvider;
import dev.prompteval.provider.ModelRequest;
import dev.prompteval.provider.ProviderException.Kind;
import dev.prompteval.provider.ProviderException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.prompteval.internal.provider.ProviderTests.json;
import static dev.prompteval.internal.provider.ProviderTests.model;
import static dev.prompteval.internal.provider.ProviderTests.request;
import static dev.prompteval.internal.provider.ProviderTests.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** How failed calls are classified and reported, through the OpenAI-compatible provider. */
class ProviderErrorsTest {
    private static final String KEY = "sk-proj-SECRET-abc123xyz";
    private static final ModelRequest HI = request(model("openai", "gpt-4o-mini", Map.of()), user("Hi"));

    private final MockWebServer server = new MockWebServer();
    private Providers providers;
    private ModelProvider openai;

    @BeforeEach
    void start() throws Exception {
        server.start();
        providers = Providers.builder()
                .env(Map.of("OPENAI_API_KEY", KEY, "OPENAI_BASE_URL", server.url("/v1").toString())::get)
                .readTimeout(Duration.ofMillis(300))
                .build();
        openai = providers.create("openai");
    }

    @AfterEach
    void stop() {
        providers.close();
        server.close();
    }

    private ProviderException fail(MockResponse response) {
        server.enqueue(response);
        return failure(openai);
    }

    private static ProviderException failure(ModelProvider provider) {
        ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.complete(HI));
        assertThat(e).as("the call fails with a ProviderException").isNotNull();
        return e;
    }

    private static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    @Test
    void unauthorizedIsAuthWithTheProvidersMessageButNeverTheKeyEvenWhenEchoed() {
        ProviderException e = fail(json(401, """
                {"error": {"message": "Incorrect API key provided: %s. You can find your API key at https://platform.openai.com/account/api-keys.",
                           "type": "invalid_request_error", "param": null, "code": "invalid_api_key"}}
                """.formatted(KEY)));

        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(e.kind().retryable()).isFalse();
        assertThat(e.httpStatus()).isEqualTo(401);
        assertThat(e.getMessage()).contains("HTTP 401").contains("Incorrect API key provided: [REDACTED]")
                .contains("[invalid_request_error]").contains("OPENAI_API_KEY");
        assertThat(stackTrace(e)).doesNotContain(KEY);
    }

    @Test
    void rateLimitCarriesRetryAfterSeconds() {
        ProviderException e = fail(new MockResponse.Builder().code(429).setHeader("Retry-After", "20")
                .body("""
                        {"error": {"message": "Rate limit reached for gpt-4o-mini in organization org-x on requests per min (RPM): Limit 3, Used 3, Requested 1.",
                                   "type": "requests", "param": null, "code": "rate_limit_exceeded"}}
                        """).build());

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMIT);
        assertThat(e.kind().retryable()).isTrue();
        assertThat(e.httpStatus()).isEqualTo(429);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(20));
        assertThat(e.getMessage()).contains("Rate limit reached for gpt-4o-mini");
    }

    @Test
    void rateLimitWithoutRetryAfterUsesOpenAisResetHeaderOfTheExhaustedLimit() {
        ProviderException e = fail(new MockResponse.Builder().code(429)
                .setHeader("x-ratelimit-remaining-requests", "4999")
                .setHeader("x-ratelimit-reset-requests", "12ms")
                .setHeader("x-ratelimit-remaining-tokens", "0")
                .setHeader("x-ratelimit-reset-tokens", "6m0s")
                .body("""
                        {"error": {"message": "Rate limit reached on tokens per min (TPM)", "type": "tokens",
                                   "code": "rate_limit_exceeded"}}
                        """).build());

        assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(6));
    }

    @Test
    void exhaustedQuotaIsNotRetried() {
        ProviderException e = fail(json(429, """
                {"error": {"message": "You exceeded your current quota, please check your plan and billing details.",
                           "type": "insufficient_quota", "param": null, "code": "insufficient_quota"}}
                """));

        assertThat(e.kind()).isEqualTo(Kind.QUOTA);
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains("You exceeded your current quota").contains("waiting does not help");
    }

    @ParameterizedTest
    @CsvSource({"credit_balance_exhausted", "monthly_spend_limit_exceeded", "billing_hard_limit_reached"})
    void otherQuotaAndBillingCodesAreNotRetriedEither(String code) {
        ProviderException e = fail(new MockResponse.Builder().code(429).setHeader("Retry-After", "1").body("""
                {"error": {"message": "Billing limit reached", "type": "%s", "param": null, "code": "%s"}}
                """.formatted(code, code)).build());

        assertThat(e.kind()).isEqualTo(Kind.QUOTA);
        assertThat(Failures.classOf(e)).isEqualTo(FailureClass.PERMANENT);
    }

    /** The rules of openai-python's and anthropic-sdk-python's {@code _should_retry}: the header first, then the status. */
    @ParameterizedTest
    @CsvSource({"429, , OVERLOAD", "529, , OVERLOAD", "503, , OVERLOAD", "500, , TRANSIENT", "502, , TRANSIENT",
            "408, , TRANSIENT", "409, , TRANSIENT", "400, , PERMANENT", "404, , PERMANENT", "429, false, PERMANENT",
            "500, false, PERMANENT", "400, true, TRANSIENT", "429, true, OVERLOAD"})
    void retryingFollowsTheStatusAndXShouldRetryAsTheOfficialSdksDo(int status, String shouldRetry,
                                                                   FailureClass expected) {
        var response = new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json")
                .body("{\"error\": {\"message\": \"something\", \"type\": \"some_error\"}}");
        if (shouldRetry != null) response.setHeader("x-should-retry", shouldRetry);

        assertThat(Failures.classOf(fail(response.build()))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"500, SERVER", "502, SERVER", "503, SERVER", "529, SERVER", "400, BAD_REQUEST",
            "404, BAD_REQUEST", "422, BAD_REQUEST", "403, AUTH", "408, TIMEOUT", "409, SERVER"})
    void statusesAreClassified(int status, Kind kind) {
        ProviderException e = fail(json(status, """
                {"error": {"message": "something went wrong", "type": "some_error"}}
                """));

        assertThat(e.kind()).isEqualTo(kind);
        assertThat(e.httpStatus()).isEqualTo(status);
        assertThat(e.getMessage()).contains("HTTP " + status + ": something went wrong [some_error]");
    }

    @Test
    void notFoundSaysToCheckTheModelName() {
        ProviderException e = fail(json(404, """
                {"error": {"message": "The model `gpt-5-typo` does not exist or you do not have access to it.",
                           "type": "invalid_request_error", "param": null, "code": "model_not_found"}}
                """));

        assertThat(e.getMessage()).contains("does not exist").contains("check the model name 'gpt-4o-mini'");
    }

    @Test
    void anOllamaStyleStringErrorIsShown() {
        ProviderException e = fail(json(404, """
                {"error": "model \\"llama9\\" not found, try pulling it first"}
                """));

        assertThat(e.getMessage()).contains("model \"llama9\" not found, try pulling it first");
    }

    @Test
    void anHtmlErrorPageFromAProxyIsAServerErrorWithTheStartOfThePage() {
        ProviderException e = fail(new MockResponse.Builder().code(502)
                .setHeader("Content-Type", "text/html")
                .body("<html>\n<head><title>502 Bad Gateway</title></head>\n<body>nginx</body></html>").build());

        assertThat(e.kind()).isEqualTo(Kind.SERVER);
        assertThat(e.getMessage()).contains("<html> <head><title>502 Bad Gateway</title>");
    }

    @Test
    void unparseableJsonIsAMalformedResponse() {
        ProviderException e = fail(json(200, "{\"choices\": [{\"message\": "));

        assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
        assertThat(e.kind().retryable()).isFalse();
        assertThat(e.getMessage()).contains("not a JSON object").contains("{\"choices\": [{\"message\":");
    }

    @Test
    void aConnectionResetMidBodyIsANetworkError() {
        String longBody = "{\"choices\": [{\"message\": {\"content\": \"" + "x".repeat(64 * 1024) + "\"}}]}";
        ProviderException e = fail(new MockResponse.Builder().code(200).body(longBody)
                .onResponseBody(new SocketEffect.CloseSocket()).build());

        assertThat(e.kind()).isEqualTo(Kind.NETWORK);
        assertThat(e.kind().retryable()).isTrue();
        assertThat(e.getMessage()).contains("connection to OpenAI-compatible chat completions at")
                .contains("unexpected end of stream");
        assertThat(server.getRequestCount()).as("the request was answered before the reset").isEqualTo(1);
    }

    @Test
    void aSilentServerIsATimeout() {
        ProviderException e = fail(new MockResponse.Builder().code(200).body("{}")
                .headersDelay(5, TimeUnit.SECONDS).build());

        assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(e.kind().retryable()).isTrue();
        assertThat(e.getMessage()).contains("timed out calling");
    }

    @Test
    void aServerThatIsDownIsANetworkError() {
        server.close();

        ProviderException e = failure(openai);

        assertThat(e.kind()).isEqualTo(Kind.NETWORK);
    }

    @Test
    void withoutAKeyForTheOfficialApiNothingIsSent() {
        // Constructed directly so that the "official" URL is the loopback server: nothing may leave the machine.
        HttpUrl base = server.url("/v1");
        OkHttpClient client = new OkHttpClient();
        ModelProvider keyless = new HttpModelProvider(() -> client, new OpenAiChatFormat(), base, null, true,
                "set OPENAI_API_KEY", PriceTable.builtIn(), new RetryAfter(Clock.systemUTC()), Map.of());

        ProviderException e = failure(keyless);

        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(e.getMessage()).contains("no API key").contains("OPENAI_API_KEY");
        assertThat(server.getRequestCount()).isZero();
    }
}
