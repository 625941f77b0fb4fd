package dev.prompteval.internal.provider;

import dev.prompteval.provider.ModelProvider;
import dev.prompteval.provider.ModelRequest;
import dev.prompteval.provider.ModelResponse;
import dev.prompteval.provider.ProviderException.Kind;
import dev.prompteval.provider.ProviderException;
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

/**
 * A suite's {@code <apiKeyEnv>}: the name of the variable holding a gateway's key (OpenRouter, a keyed vLLM), sent
 * as {@code Authorization: Bearer} by {@code openai-compatible}, and never shown.
 */
class SuiteKeyVariableTest {
    private static final String KEY = "sk-or-v1-0123456789abcdef-gateway";
    private static final String OPENAI_KEY = "sk-proj-vendor-key-not-for-gateways";
    private static final ModelRequest HI = request(model("openai-compatible", "meta-llama/llama-3.1-8b-instruct",
            Map.of()), user("Hi"));
    // A chat completion as in the OpenAI API reference's example response (OpenRouter answers in the same shape).
    private static final String COMPLETION = """
            {"id": "chatcmpl-123", "object": "chat.completion", "created": 1677652288,
             "model": "meta-llama/llama-3.1-8b-instruct",
             "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello there"},
                          "finish_reason": "stop"}],
             "usage": {"prompt_tokens": 9, "completion_tokens": 12, "total_tokens": 21}}""";

    private final MockWebServer server = new MockWebServer();
    private Providers providers;

    @BeforeEach
    void start() throws Exception {
        server.start();
    }

    @AfterEach
    void stop() {
        if (providers != null) providers.close();
        server.close();
    }

    private String base() {
        return server.url("/api/v1").toString();
    }

    @Test
    void theNamedVariableIsSentAsBearerKeyAndTheVendorKeyIsNot() throws Exception {
        providers = ProviderTests.providers(Map.of("OPENROUTER_API_KEY", KEY, "OPENAI_API_KEY", OPENAI_KEY));
        server.enqueue(json(200, COMPLETION));

        ModelProvider gateway = providers.create("openai-compatible",
                ProviderOptions.suite(base(), "OPENROUTER_API_KEY"));
        ModelResponse answer = gateway.complete(HI);

        RecordedRequest sent = take(server);
        assertThat(sent.getUrl().encodedPath()).isEqualTo("/api/v1/chat/completions");
        assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(answer.text()).isEqualTo("Hello there");
        assertThat(providers.checkReady("openai-compatible", ProviderOptions.suite(base(), "OPENROUTER_API_KEY"),
                true)).isEmpty();
        for (String shown : new String[] {gateway.endpoint(), RequestKey.of(gateway.endpoint(), HI).canonicalJson(),
                ProviderOptions.suite(base(), "OPENROUTER_API_KEY").toString()}) {
            assertThat(shown).doesNotContain(KEY);
        }
    }

    @Test
    void withoutAVariableTheGatewayGetsNoKeyAndA401SaysWhatToSet() throws Exception {
        providers = ProviderTests.providers(Map.of("OPENAI_API_KEY", OPENAI_KEY));
        // OpenRouter's documented error shape: {"error": {"code": number, "message": string, "metadata"?}},
        // with the HTTP status equal to error.code (openrouter.ai/docs, "Errors and Debugging").
        server.enqueue(json(401, "{\"error\": {\"code\": 401, \"message\": \"No auth credentials found\"}}"));

        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> providers.create("openai-compatible", ProviderOptions.suite(base(), null)).complete(HI));

        assertThat(take(server).getHeaders().get("Authorization")).isNull();
        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(e.getMessage()).contains("No auth credentials found")
                .contains("set <apiKeyEnv> in the suite to the name of the environment variable holding the key");
    }

    @Test
    void aNamedVariableThatIsNotSetIsReportedBeforeAnyCall() {
        providers = ProviderTests.providers(Map.of("OPENAI_API_KEY", OPENAI_KEY));
        ProviderOptions options = ProviderOptions.suite(base(), "OPENROUTER_API_KEY");

        assertThat(providers.checkReady("openai-compatible", options, true)).hasValueSatisfying(problem ->
                assertThat(problem).contains("needs an API key: set the environment variable OPENROUTER_API_KEY "
                        + "(named by the suite's <apiKeyEnv>)").doesNotContain(OPENAI_KEY));
        assertThat(providers.checkReady("openai-compatible", options, false)).isEmpty();
        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> providers.create("openai-compatible", options).complete(HI));
        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(e.getMessage()).contains("OPENROUTER_API_KEY");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void aKeyPastedIntoApiKeyEnvIsRefusedWithoutBeingEchoed() {
        providers = ProviderTests.providers(Map.of());
        ProviderOptions pasted = ProviderOptions.suite(base(), KEY);

        assertThat(providers.checkReady("openai-compatible", pasted, true)).hasValueSatisfying(problem ->
                assertThat(problem).contains("is not the name of an environment variable").doesNotContain(KEY));
        assertThat(pasted.toString()).doesNotContain(KEY).contains("apiKeyEnv=(not a variable name)");
    }

    @Test
    void aKeyTheGatewayEchoesInAnErrorIsRedacted() throws Exception {
        providers = ProviderTests.providers(Map.of("OPENROUTER_API_KEY", KEY));
        server.enqueue(json(402, "{\"error\": {\"code\": 402, \"message\": \"Key " + KEY
                + " has insufficient credits. Add more credits and retry the request.\"}}"));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> providers.create(
                "openai-compatible", ProviderOptions.suite(base(), "OPENROUTER_API_KEY")).complete(HI));

        assertThat(take(server).getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(e.getMessage()).contains("insufficient credits").contains(Secrets.MASK).doesNotContain(KEY);
    }

    @Test
    void anyProviderCanReadItsKeyFromAnotherVariable() throws Exception {
        providers = ProviderTests.providers(Map.of("TEAM_OPENAI_KEY", KEY, "OPENAI_API_KEY", OPENAI_KEY));
        server.enqueue(json(200, COMPLETION));

        providers.create("openai", ProviderOptions.suite(server.url("/v1").toString(), "TEAM_OPENAI_KEY"))
                .complete(HI);

        assertThat(take(server).getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    }
}
