package dev.prompteval.internal.provider;

import dev.prompteval.provider.ModelProvider;
import dev.prompteval.provider.ModelResponse;
import dev.prompteval.provider.ProviderException.Kind;
import dev.prompteval.provider.ProviderException;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
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

/** Gemini generateContent wire format (POST /v1beta/models/{model}:generateContent), as in the API reference. */
class GeminiProviderTest {
    private static final String KEY = "AIzaSyTestKey789";
    private final MockWebServer server = new MockWebServer();
    private Providers providers;
    private ModelProvider gemini;

    @BeforeEach
    void start() throws Exception {
        server.start();
        providers = ProviderTests.providers(Map.of("GEMINI_API_KEY", KEY,
                "GEMINI_BASE_URL", server.url("/").toString()));
        gemini = providers.create("google");
    }

    @AfterEach
    void stop() {
        providers.close();
        server.close();
    }

    @Test
    void eachModelOfOneProviderIsCalledAtItsOwnPathEveryTime() throws Exception {
        // Response shape as in the generateContent reference (candidates[].content.parts[].text).
        String answer = """
                {"candidates": [{"content": {"parts": [{"text": "ok"}], "role": "model"}, "finishReason": "STOP"}]}
                """;
        for (int i = 0; i < 4; i++) server.enqueue(json(200, answer));

        for (String name : List.of("gemini-2.0-flash", "tunedModels/my-tuned-1", "gemini-2.0-flash", "models/x")) {
            gemini.complete(request(model("google", name, Map.of()), user("Hi")));
        }

        assertThat(take(server).getUrl().encodedPath()).isEqualTo("/v1beta/models/gemini-2.0-flash:generateContent");
        assertThat(take(server).getUrl().encodedPath()).isEqualTo("/v1beta/tunedModels/my-tuned-1:generateContent");
        assertThat(take(server).getUrl().encodedPath()).isEqualTo("/v1beta/models/gemini-2.0-flash:generateContent");
        assertThat(take(server).getUrl().encodedPath()).isEqualTo("/v1beta/models/x:generateContent");
    }

    @Test
    void sendsTheDocumentedRequestWithTheKeyInAHeaderNotTheUrl() throws Exception {
        server.enqueue(json(200, """
                {"candidates": [{"content": {"parts": [{"text": "Paris"}], "role": "model"},
                                 "finishReason": "STOP", "avgLogprobs": -0.0123}],
                 "usageMetadata": {"promptTokenCount": 8, "candidatesTokenCount": 2, "totalTokenCount": 10,
                                   "promptTokensDetails": [{"modality": "TEXT", "tokenCount": 8}]},
                 "modelVersion": "gemini-2.0-flash", "responseId": "abc123"}
                """));

        ModelResponse response = gemini.complete(request(
                model("google", "gemini-2.0-flash", Map.of("temperature", 0, "max_tokens", 50, "top_p", 0.9,
                        "stop", "END", "safety_settings", List.of(Map.of("category", "HARM_CATEGORY_HARASSMENT",
                                "threshold", "BLOCK_NONE")))),
                system("You are terse."), user("Hi"), assistant("Hello!"), user("Capital of France?")));

        RecordedRequest sent = take(server);
        assertThat(sent.getMethod()).isEqualTo("POST");
        assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1beta/models/gemini-2.0-flash:generateContent");
        assertThat(sent.getUrl().query()).as("the key is never in the URL").isNull();
        assertThat(sent.getHeaders().get("x-goog-api-key")).isEqualTo(KEY);
        assertThat(sent.getHeaders().get("Content-Type")).startsWith("application/json");
        assertJsonBody(sent, """
                {"contents": [{"role": "user", "parts": [{"text": "Hi"}]},
                              {"role": "model", "parts": [{"text": "Hello!"}]},
                              {"role": "user", "parts": [{"text": "Capital of France?"}]}],
                 "systemInstruction": {"parts": [{"text": "You are terse."}]},
                 "generationConfig": {"maxOutputTokens": 50, "stopSequences": ["END"], "temperature": 0,
                                      "topP": 0.9},
                 "safetySettings": [{"category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_NONE"}]}
                """);
        assertThat(response.text()).isEqualTo("Paris");
        assertThat(response.finishReason()).isEqualTo("STOP");
        // gemini-2.0-flash built-in price: $0.10 / $0.40 per 1M -> 8 * 0.1e-6 + 2 * 0.4e-6
        assertThat(response.usage().inputTokens()).isEqualTo(8);
        assertThat(response.usage().outputTokens()).isEqualTo(2);
        assertThat(response.usage().costUsd()).isCloseTo(1.6e-6, within(1e-12));
    }

    @Test
    void aModelsPrefixIsNotDoubledAndNoSystemMeansNoSystemInstruction() throws Exception {
        server.enqueue(json(200, """
                {"candidates": [{"content": {"parts": [{"text": "ok"}], "role": "model"}, "finishReason": "STOP"}]}
                """));

        gemini.complete(request(model("google", "models/gemini-2.5-flash", Map.of()), user("Hi")));

        RecordedRequest sent = take(server);
        assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
        assertJsonBody(sent, """
                {"contents": [{"role": "user", "parts": [{"text": "Hi"}]}]}
                """);
    }

    @Test
    void aBlockedPromptIsEmptyTextWithTheBlockReason() throws Exception {
        server.enqueue(json(200, """
                {"promptFeedback": {"blockReason": "SAFETY",
                  "safetyRatings": [{"category": "HARM_CATEGORY_DANGEROUS_CONTENT", "probability": "HIGH"}]},
                 "usageMetadata": {"promptTokenCount": 8, "totalTokenCount": 8},
                 "modelVersion": "gemini-2.0-flash"}
                """));

        ModelResponse response = gemini.complete(request(model("google", "gemini-2.0-flash", Map.of()),
                user("Something harmful")));

        assertThat(response.text()).isEmpty();
        assertThat(response.finishReason()).isEqualTo("PROMPT_BLOCKED:SAFETY");
        assertThat(response.usage().inputTokens()).isEqualTo(8);
        assertThat(response.usage().outputTokens()).isEqualTo(-1);
    }

    @Test
    void aCandidateStoppedForSafetyHasNoText() throws Exception {
        server.enqueue(json(200, """
                {"candidates": [{"finishReason": "SAFETY", "index": 0,
                  "safetyRatings": [{"category": "HARM_CATEGORY_HARASSMENT", "probability": "HIGH"}]}],
                 "usageMetadata": {"promptTokenCount": 5, "totalTokenCount": 5}}
                """));

        ModelResponse response = gemini.complete(request(model("google", "gemini-2.0-flash", Map.of()),
                user("Hi")));

        assertThat(response.text()).isEmpty();
        assertThat(response.finishReason()).isEqualTo("SAFETY");
    }

    @Test
    void thoughtPartsAreSkippedButThinkingTokensCountAsOutput() throws Exception {
        server.enqueue(json(200, """
                {"candidates": [{"content": {"role": "model", "parts": [
                    {"text": "Considering capitals...", "thought": true}, {"text": "Par"}, {"text": "is"}]},
                  "finishReason": "MAX_TOKENS"}],
                 "usageMetadata": {"promptTokenCount": 8, "candidatesTokenCount": 2, "thoughtsTokenCount": 30,
                                   "totalTokenCount": 40}}
                """));

        ModelResponse response = gemini.complete(request(model("google", "gemini-2.5-flash", Map.of()),
                user("Capital of France?")));

        assertThat(response.text()).isEqualTo("Paris");
        assertThat(response.finishReason()).isEqualTo("MAX_TOKENS");
        assertThat(response.usage().outputTokens()).isEqualTo(32);
    }

    @Test
    void noCandidatesWithoutABlockReasonIsMalformed() {
        server.enqueue(json(200, """
                {"usageMetadata": {"promptTokenCount": 8}}
                """));

        assertThatThrownBy(() -> gemini.complete(request(model("google", "gemini-2.0-flash", Map.of()),
                user("Hi"))))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE));
    }

    @Test
    void resourceExhaustedWaitsForTheRetryInfoDelay() {
        server.enqueue(json(429, """
                {"error": {"code": 429, "message": "You exceeded your current quota, please check your plan.",
                  "status": "RESOURCE_EXHAUSTED",
                  "details": [{"@type": "type.googleapis.com/google.rpc.QuotaFailure",
                               "violations": [{"quotaMetric": "generativelanguage.googleapis.com/generate_content_free_tier_requests",
                                               "quotaId": "GenerateRequestsPerMinutePerProjectPerModel-FreeTier"}]},
                              {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "27s"}]}}
                """));

        assertThatThrownBy(() -> gemini.complete(request(model("google", "gemini-2.0-flash", Map.of()),
                user("Hi"))))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMIT);
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(27));
                    assertThat(e.getMessage()).contains("You exceeded your current quota")
                            .contains("[RESOURCE_EXHAUSTED]");
                });
    }

    @Test
    void anInvalidKeyIsAnAuthErrorThatNeverShowsTheKey() {
        // Gemini answers a bad key with 400; here the server also echoes the key back.
        server.enqueue(json(400, """
                {"error": {"code": 400, "message": "API key not valid: %s. Please pass a valid API key.",
                  "status": "INVALID_ARGUMENT",
                  "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID",
                               "domain": "googleapis.com"}]}}
                """.formatted(KEY)));

        assertThatThrownBy(() -> gemini.complete(request(model("google", "gemini-2.0-flash", Map.of()),
                user("Hi"))))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.AUTH);
                    assertThat(e.getMessage()).contains("API key not valid").doesNotContain(KEY)
                            .contains("GEMINI_API_KEY");
                });
    }

    @Test
    void googleApiKeyIsTheFallbackAndGeminiIsAnAlias() throws Exception {
        server.enqueue(json(200, """
                {"candidates": [{"content": {"parts": [{"text": "ok"}]}, "finishReason": "STOP"}]}
                """));
        try (Providers other = ProviderTests.providers(Map.of("GOOGLE_API_KEY", "AIzaFallback",
                "GEMINI_BASE_URL", server.url("/").toString()))) {
            ModelProvider alias = other.create("gemini");
            alias.complete(request(model("gemini", "gemini-2.0-flash", Map.of()), user("Hi")));
            assertThat(take(server).getHeaders().get("x-goog-api-key")).isEqualTo("AIzaFallback");
            assertThat(alias.endpoint()).isEqualTo(gemini.endpoint());
        }
    }

    @Test
    void googleApiKeyWinsOverGeminiApiKeyAsInTheOfficialSdk() throws Exception {
        server.enqueue(json(200, """
                {"candidates": [{"content": {"parts": [{"text": "ok"}]}, "finishReason": "STOP"}]}
                """));
        try (Providers other = ProviderTests.providers(Map.of("GOOGLE_API_KEY", "AIzaGoogle",
                "GEMINI_API_KEY", "AIzaGemini", "GEMINI_BASE_URL", server.url("/").toString()))) {
            other.create("google").complete(request(model("google", "gemini-2.0-flash", Map.of()), user("Hi")));
            assertThat(take(server).getHeaders().get("x-goog-api-key")).isEqualTo("AIzaGoogle");
        }
    }

    /**
     * Where python-genai's request transformer ({@code _GenerateContentParameters_to_mldev}) puts each field:
     * {@code tools}, {@code toolConfig}, {@code cachedContent}, {@code safetySettings} and {@code serviceTier} next
     * to {@code contents}; sampling and output fields ({@code responseMimeType}, {@code responseJsonSchema},
     * {@code seed}) in {@code generationConfig}; no {@code stream} field at all.
     */
    @Test
    void toolsCachedContentAndServiceTierGoToTheTopLevelJsonModeToGenerationConfigAndStreamFalseIsNotSent()
            throws Exception {
        server.enqueue(json(200, """
                {"candidates": [{"content": {"parts": [{"text": "{}"}], "role": "model"}, "finishReason": "STOP"}]}
                """));
        Map<String, Object> parameters = new java.util.LinkedHashMap<>();
        parameters.put("stream", false);
        parameters.put("seed", 7);
        parameters.put("tools", List.of(Map.of("functionDeclarations", List.of(
                Map.of("name", "get_weather", "description", "Weather for a city")))));
        parameters.put("tool_config", Map.of("functionCallingConfig", Map.of("mode", "AUTO")));
        parameters.put("cached_content", "cachedContents/abc123");
        parameters.put("service_tier", "flex");
        parameters.put("response_format", Map.of("type", "json_schema", "json_schema", Map.of("name", "answer",
                "schema", Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string"))))));

        gemini.complete(request(model("google", "gemini-2.5-flash", parameters), user("Weather in Paris?")));

        assertJsonBody(take(server), """
                {"contents": [{"role": "user", "parts": [{"text": "Weather in Paris?"}]}],
                 "tools": [{"functionDeclarations": [{"name": "get_weather", "description": "Weather for a city"}]}],
                 "toolConfig": {"functionCallingConfig": {"mode": "AUTO"}},
                 "cachedContent": "cachedContents/abc123",
                 "serviceTier": "flex",
                 "generationConfig": {"seed": 7, "responseMimeType": "application/json",
                   "responseJsonSchema": {"type": "object", "properties": {"city": {"type": "string"}}}}}
                """);
    }

    @Test
    void jsonObjectModeIsTheJsonMimeType() throws Exception {
        server.enqueue(json(200, """
                {"candidates": [{"content": {"parts": [{"text": "{}"}]}, "finishReason": "STOP"}]}
                """));

        gemini.complete(request(model("google", "gemini-2.0-flash", Map.of("response_format",
                Map.of("type", "json_object"))), user("Hi")));

        assertJsonBody(take(server), """
                {"contents": [{"role": "user", "parts": [{"text": "Hi"}]}],
                 "generationConfig": {"responseMimeType": "application/json"}}
                """);
    }

    @Test
    void aTunedModelIsCalledUnderTunedModels() throws Exception {
        server.enqueue(json(200, """
                {"candidates": [{"content": {"parts": [{"text": "ok"}]}, "finishReason": "STOP"}]}
                """));

        gemini.complete(request(model("google", "tunedModels/my-support-model-x1", Map.of()), user("Hi")));

        assertThat(take(server).getUrl().encodedPath())
                .isEqualTo("/v1beta/tunedModels/my-support-model-x1:generateContent");
    }
}
