package dev.prompteval.internal.provider;

import dev.prompteval.provider.ModelProvider;
import dev.prompteval.provider.ModelResponse;
import dev.prompteval.provider.ProviderException.Kind;
import dev.prompteval.provider.ProviderException;
import dev.prompteval.provider.Usage;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.prompteval.internal.provider.ProviderTests.assertJsonBody;
import static dev.prompteval.internal.provider.ProviderTests.json;
import static dev.prompteval.internal.provider.ProviderTests.model;
import static dev.prompteval.internal.provider.ProviderTests.request;
import static dev.prompteval.internal.provider.ProviderTests.system;
import static dev.prompteval.internal.provider.ProviderTests.take;
import static dev.prompteval.internal.provider.ProviderTests.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** OpenAI chat completions wire format, as in the API reference (POST /chat/completions). */
class OpenAiChatProviderTest {
    private final MockWebServer server = new MockWebServer();
    private Providers providers;

    @BeforeEach
    void start() throws Exception {
        server.start();
        providers = ProviderTests.providers(Map.of("OPENAI_API_KEY", "sk-test-key-123",
                "OPENAI_BASE_URL", server.url("/v1").toString()));
    }

    @AfterEach
    void stop() {
        providers.close();
        server.close();
    }

    /** A real-shaped response (fields as the API reference shows them). */
    private static final String PARIS = """
            {"id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", "object": "chat.completion", "created": 1741569952,
             "model": "gpt-4o-mini-2024-07-18",
             "choices": [{"index": 0,
                          "message": {"role": "assistant", "content": "Paris", "refusal": null, "annotations": []},
                          "logprobs": null, "finish_reason": "stop"}],
             "usage": {"prompt_tokens": 19, "completion_tokens": 10, "total_tokens": 29,
                       "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
                       "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0,
                                                     "accepted_prediction_tokens": 0,
                                                     "rejected_prediction_tokens": 0}},
             "service_tier": "default", "system_fingerprint": "fp_06737a9306"}
            """;

    @Test
    void theBodyIsDeclaredAsJsonInUtf8AndSentInUtf8() throws Exception {
        server.enqueue(json(200, PARIS));

        providers.create("openai").complete(request(model("openai", "gpt-4o-mini", Map.of()),
                user("Café, 東京, 😀?")));

        RecordedRequest sent = take(server);
        assertThat(sent.getHeaders().get("Content-Type")).isEqualTo("application/json; charset=utf-8");
        assertThat(sent.getBody().utf8()).contains("\"Café, 東京, 😀?\"");
        assertThat(sent.getHeaders().get("Content-Length"))
                .isEqualTo(String.valueOf(sent.getBody().size()));
    }

    @Test
    void sendsTheDocumentedRequestAndReadsTheAnswer() throws Exception {
        server.enqueue(json(200, PARIS));
        ModelProvider openai = providers.create("openai");

        ModelResponse response = openai.complete(request(
                model("openai", "gpt-4o-mini", Map.of("temperature", 0, "max_tokens", 50, "seed", 7)),
                system("You are terse."), user("Capital of France?")));

        RecordedRequest sent = take(server);
        assertThat(sent.getMethod()).isEqualTo("POST");
        assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
        assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer sk-test-key-123");
        assertThat(sent.getHeaders().get("Content-Type")).startsWith("application/json");
        assertJsonBody(sent, """
                {"model": "gpt-4o-mini",
                 "messages": [{"role": "system", "content": "You are terse."},
                              {"role": "user", "content": "Capital of France?"}],
                 "max_tokens": 50, "seed": 7, "temperature": 0}
                """);
        assertThat(response.text()).isEqualTo("Paris");
        assertThat(response.finishReason()).isEqualTo("stop");
        assertThat(response.usage().inputTokens()).isEqualTo(19);
        assertThat(response.usage().outputTokens()).isEqualTo(10);
        // gpt-4o-mini built-in price: $0.15 / $0.60 per 1M tokens -> 19 * 0.15e-6 + 10 * 0.60e-6
        assertThat(response.usage().costUsd()).isCloseTo(8.85e-6, within(1e-12));
        assertThat(openai.endpoint()).isEqualTo("openai-chat " + server.url("/v1"));
    }

    @Test
    void aLocalCompatibleServerGetsNoKeyAndATrailingSlashBaseWorks() throws Exception {
        server.enqueue(json(200, PARIS));
        ModelProvider ollama = providers.create("openai-compatible",
                new ProviderOptions(server.url("/v1/").toString(), null));

        ollama.complete(request(model("openai-compatible", "llama3.2", Map.of()), user("Hi")));

        RecordedRequest sent = take(server);
        assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
        assertThat(sent.getHeaders().get("Authorization"))
                .as("the environment's OpenAI key is never sent to another server").isNull();
        assertJsonBody(sent, """
                {"model": "llama3.2", "messages": [{"role": "user", "content": "Hi"}]}
                """);
    }

    @Test
    void aRefusalIsTheTextWithFinishReasonRefusal() throws Exception {
        server.enqueue(json(200, """
                {"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "gpt-4o-2024-08-06",
                 "choices": [{"index": 0, "message": {"role": "assistant", "content": null,
                              "refusal": "I'm sorry, I can't help with that."},
                              "logprobs": null, "finish_reason": "stop"}],
                 "usage": {"prompt_tokens": 12, "completion_tokens": 9, "total_tokens": 21}}
                """));

        ModelResponse response = providers.create("openai").complete(request(model("openai", "gpt-4o", Map.of()),
                user("How do I pick a lock?")));

        assertThat(response.text()).isEqualTo("I'm sorry, I can't help with that.");
        assertThat(response.finishReason()).isEqualTo("refusal");
    }

    @Test
    void nullContentIsEmptyTextAndTheStopReasonIsKept() throws Exception {
        server.enqueue(json(200, """
                {"id": "chatcmpl-2", "object": "chat.completion", "created": 1, "model": "gpt-4o-mini",
                 "choices": [{"index": 0, "message": {"role": "assistant", "content": null},
                              "finish_reason": "length"}],
                 "usage": {"prompt_tokens": 5, "completion_tokens": 0, "total_tokens": 5}}
                """));

        ModelResponse response = providers.create("openai").complete(request(model("openai", "gpt-4o-mini",
                Map.of()), user("Write a novel")));

        assertThat(response.text()).isEmpty();
        assertThat(response.finishReason()).isEqualTo("length");
    }

    @Test
    void missingUsageIsUnknownCountsAndNoCost() throws Exception {
        server.enqueue(json(200, """
                {"id": "x", "object": "chat.completion", "created": 1, "model": "llama3.2",
                 "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello"},
                              "finish_reason": "stop"}]}
                """));

        ModelResponse response = providers.create("openai").complete(request(model("openai", "gpt-4o-mini",
                Map.of()), user("Hi")));

        assertThat(response.text()).isEqualTo("Hello");
        assertThat(response.usage()).isEqualTo(new Usage(-1, -1, 0.0));
    }

    @Test
    void contentAsAnArrayOfTextPartsIsJoined() throws Exception {
        server.enqueue(json(200, """
                {"choices": [{"index": 0, "message": {"role": "assistant",
                   "content": [{"type": "text", "text": "Hel"}, {"type": "text", "text": "lo"}]},
                   "finish_reason": "stop"}]}
                """));

        ModelResponse response = providers.create("openai").complete(request(model("openai", "m", Map.of()),
                user("Hi")));

        assertThat(response.text()).isEqualTo("Hello");
    }

    @Test
    void noChoicesIsAMalformedResponse() throws Exception {
        server.enqueue(json(200, """
                {"id": "x", "object": "chat.completion", "choices": []}
                """));

        assertThatThrownBy(() -> providers.create("openai").complete(request(model("openai", "gpt-4o-mini",
                Map.of()), user("Hi"))))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
                    assertThat(e.getMessage()).contains("no choices[0]");
                });
    }

    @Test
    void streamTrueIsRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> providers.create("openai").complete(request(model("openai", "gpt-4o-mini",
                Map.of("stream", true)), user("Hi"))))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST);
                    assertThat(e.getMessage()).contains("stream=true");
                });
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void streamFalseIsNotSent() throws Exception {
        server.enqueue(json(200, PARIS));
        providers.create("openai").complete(request(model("openai", "gpt-4o-mini", Map.of("stream", false)),
                user("Hi")));
        assertJsonBody(take(server), """
                {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Hi"}]}
                """);
    }

    @Test
    void anErrorInASuccessfulResponseIsClassifiedByItsCode() {
        // OpenRouter reports upstream failures this way.
        server.enqueue(json(200, """
                {"error": {"code": 502, "message": "Upstream provider returned an error"}}
                """));

        assertThatThrownBy(() -> providers.create("openai").complete(request(model("openai", "gpt-4o-mini",
                Map.of()), user("Hi"))))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.SERVER);
                    assertThat(e.httpStatus()).isEqualTo(502);
                    assertThat(e.getMessage()).contains("Upstream provider returned an error");
                });
    }

    /**
     * The openai-openapi spec's CreateChatCompletionRequest: {@code max_tokens} is "not compatible with o-series
     * models" and {@code max_completion_tokens} replaces it; other models keep what the template says.
     */
    @Test
    void oSeriesAndGpt5ModelsGetMaxCompletionTokensInsteadOfMaxTokens() throws Exception {
        String answer = """
                {"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "o3-mini",
                 "choices": [{"index": 0, "message": {"role": "assistant", "content": "ok"}, "finish_reason": "stop"}]}
                """;
        for (String name : new String[] {"o3-mini", "o1", "gpt-5-mini", "gpt-4o-mini"}) {
            server.enqueue(json(200, answer));
            providers.create("openai").complete(request(model("openai", name, Map.of("max_tokens", 100, "seed", 7,
                    "stop", List.of("END"), "response_format", Map.of("type", "json_object"))), user("Hi")));
            String tokens = name.equals("gpt-4o-mini") ? "max_tokens" : "max_completion_tokens";
            assertJsonBody(take(server), """
                    {"model": "%s", "messages": [{"role": "user", "content": "Hi"}], "%s": 100, "seed": 7,
                     "stop": ["END"], "response_format": {"type": "json_object"}}
                    """.formatted(name, tokens));
        }
    }
}
