package dev.prompteval.internal.provider;

import dev.prompteval.provider.ModelProvider;
import dev.prompteval.provider.ModelRequest;
import dev.prompteval.provider.ProviderException.Kind;
import dev.prompteval.provider.ProviderException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.prompteval.internal.provider.ProviderTests.json;
import static dev.prompteval.internal.provider.ProviderTests.model;
import static dev.prompteval.internal.provider.ProviderTests.request;
import static dev.prompteval.internal.provider.ProviderTests.take;
import static dev.prompteval.internal.provider.ProviderTests.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** What OkHttp must not do on its own: re-send, follow redirects with the key, or show credentials of a URL. */
class HttpHardeningTest {
    private static final String KEY = "sk-proj-SECRET-abc123xyz";
    private static final ModelRequest HI = request(model("openai", "gpt-4o-mini", Map.of()), user("Hi"));
    // A chat completion as in the OpenAI API reference's example response.
    private static final String COMPLETION = """
            {"id": "chatcmpl-123", "object": "chat.completion", "created": 1677652288, "model": "gpt-4o-mini",
             "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello there"},
                          "finish_reason": "stop"}],
             "usage": {"prompt_tokens": 9, "completion_tokens": 12, "total_tokens": 21}}""";

    private final MockWebServer server = new MockWebServer();
    private final MockWebServer elsewhere = new MockWebServer();
    private Providers providers;

    @BeforeEach
    void start() throws Exception {
        server.start();
        elsewhere.start();
        providers = Providers.builder().env(Map.of("OPENAI_API_KEY", KEY)::get).build();
    }

    @AfterEach
    void stop() {
        providers.close();
        server.close();
        elsewhere.close();
    }

    private ModelProvider openaiAt(String baseUrl) {
        return providers.create("openai", new ProviderOptions(baseUrl, null));
    }

    @Test
    void a503WithRetryAfterZeroIsNotResentByOkHttp() {
        server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "0")
                .setHeader("Content-Type", "application/json")
                .body("{\"error\": {\"message\": \"The engine is currently overloaded, please try again later\", "
                        + "\"type\": \"server_error\", \"param\": null, \"code\": null}}").build());
        server.enqueue(json(200, COMPLETION));

        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> openaiAt(server.url("/v1").toString()).complete(HI));

        assertThat(e.kind()).isEqualTo(Kind.SERVER);
        assertThat(e.getMessage()).contains("currently overloaded");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aRedirectIsNotFollowedSoTheKeyNeverReachesAnotherHost() {
        server.enqueue(new MockResponse.Builder().code(307)
                .setHeader("Location", elsewhere.url("/v1/chat/completions?token=leaked").toString()).build());
        elsewhere.enqueue(json(200, COMPLETION));

        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> openaiAt(server.url("/v1").toString()).complete(HI));

        assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST);
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains("HTTP 307").contains("does not follow redirects")
                .contains("token=[REDACTED]").doesNotContain("leaked");
        assertThat(elsewhere.getRequestCount()).isZero();
    }

    @Test
    void credentialsInsideTheBaseUrlAreSentButNeverShownStoredOrHashed() throws Exception {
        String base = "http://gateway-user:gw-token-77@" + server.getHostName() + ":" + server.getPort()
                + "/v1?key=query-secret-99";
        ModelProvider openai = openaiAt(base);
        server.enqueue(new MockResponse.Builder().code(500).setHeader("Content-Type", "application/json")
                .body("{\"error\": {\"message\": \"upstream said: key query-secret-99 for gateway-user is bad\"}}")
                .build());

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> openai.complete(HI));
        RecordedRequest sent = take(server);
        RequestKey key = RequestKey.of(openai.endpoint(), HI);

        // The gateway still gets its query parameter.
        assertThat(sent.getUrl().queryParameter("key")).isEqualTo("query-secret-99");
        for (String shown : new String[] {openai.endpoint(), key.canonicalJson(), e.getMessage(),
                new ProviderOptions(base, KEY).toString()}) {
            assertThat(shown).doesNotContain("gw-token-77").doesNotContain("query-secret-99")
                    .doesNotContain("gateway-user").doesNotContain(KEY);
        }
        assertThat(openai.endpoint()).isEqualTo("openai-chat http://" + server.getHostName() + ":" + server.getPort()
                + "/v1?key=[REDACTED]");
    }
}
