package dev.prompteval.internal.provider;

import dev.prompteval.provider.ModelResponse;
import dev.prompteval.provider.ProviderException;
import mockwebserver3.MockWebServer;
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

/**
 * One template's parameters ({@code max_tokens}, {@code stop}, {@code seed}, JSON mode), unchanged, against every
 * wire format, as a suite that swaps the template's provider sends them. Expected bodies follow each reference:
 * openai-openapi's CreateChatCompletionRequest ({@code max_completion_tokens} for o-series), anthropic-sdk-python's
 * MessageCreateParams ({@code stop_sequences}, no seed; JSON by prefilling the assistant turn, as Anthropic's docs
 * describe), python-genai's GenerateContentConfig as sent by its mldev transformer ({@code maxOutputTokens},
 * {@code stopSequences}, {@code seed}, {@code responseMimeType} in {@code generationConfig}).
 */
class PortableParametersTest {
    private static final Map<String, Object> TEMPLATE_PARAMETERS = Map.of("max_tokens", 200, "stop", List.of("###"),
            "seed", 11, "temperature", 0, "response_format", Map.of("type", "json_object"));

    private final MockWebServer server = new MockWebServer();
    private Providers providers;

    @BeforeEach
    void start() throws Exception {
        server.start();
        providers = ProviderTests.providers(Map.of("OPENAI_API_KEY", "sk-test", "ANTHROPIC_API_KEY", "sk-ant-test",
                "GEMINI_API_KEY", "AIza-test", "OPENAI_BASE_URL", server.url("/v1").toString(),
                "ANTHROPIC_BASE_URL", server.url("/").toString(), "GEMINI_BASE_URL", server.url("/").toString()));
    }

    @AfterEach
    void stop() {
        providers.close();
        server.close();
    }

    private ModelResponse call(String provider, String name) throws ProviderException {
        return providers.create(provider).complete(request(model(provider, name, TEMPLATE_PARAMETERS),
                system("Answer in JSON."), user("Capital of France?")));
    }

    @Test
    void openAiGetsTheParametersAsWritten() throws Exception {
        server.enqueue(json(200, openAiAnswer("gpt-4o-mini")));

        assertThat(call("openai", "gpt-4o-mini").text()).isEqualTo("{\"capital\": \"Paris\"}");
        assertJsonBody(take(server), """
                {"model": "gpt-4o-mini", "messages": [{"role": "system", "content": "Answer in JSON."},
                  {"role": "user", "content": "Capital of France?"}],
                 "max_tokens": 200, "stop": ["###"], "seed": 11, "temperature": 0,
                 "response_format": {"type": "json_object"}}
                """);
    }

    /**
     * o-series models answer {@code temperature} with {@code 400 unsupported_parameter} ("Unsupported parameter:
     * 'temperature' is not supported with this model.", as reported against openai-python, issue 2072), so it is
     * left out; the run says so once ({@link #whatIsNotSentIsNamedOncePerProviderModelAndParameter}).
     */
    @Test
    void anOSeriesModelGetsMaxCompletionTokensAndNoTemperature() throws Exception {
        server.enqueue(json(200, openAiAnswer("o4-mini")));

        assertThat(call("openai", "o4-mini").text()).isEqualTo("{\"capital\": \"Paris\"}");
        assertJsonBody(take(server), """
                {"model": "o4-mini", "messages": [{"role": "system", "content": "Answer in JSON."},
                  {"role": "user", "content": "Capital of France?"}],
                 "max_completion_tokens": 200, "stop": ["###"], "seed": 11,
                 "response_format": {"type": "json_object"}}
                """);
    }

    @Test
    void whatIsNotSentIsNamedOncePerProviderModelAndParameter() {
        assertThat(providers.parametersNotSent("anthropic", model("anthropic", "claude-sonnet-4-20250514",
                TEMPLATE_PARAMETERS))).containsExactly("provider anthropic, model claude-sonnet-4-20250514: parameter"
                + " seed is not sent: Anthropic's Messages API has no seed, so samples are not reproducible");
        assertThat(providers.parametersNotSent("openai", model("openai", "o4-mini", TEMPLATE_PARAMETERS)))
                .containsExactly("provider openai, model o4-mini: parameter temperature is not sent: OpenAI's "
                        + "reasoning models (o-series, gpt-5) take only their default, so sampling is the model's own");
        assertThat(providers.parametersNotSent("openai", model("openai", "gpt-4o-mini", TEMPLATE_PARAMETERS)))
                .isEmpty();
        assertThat(providers.parametersNotSent("google", model("google", "gemini-2.5-flash", TEMPLATE_PARAMETERS)))
                .isEmpty();
        assertThat(providers.parametersNotSent("anthropic", model("anthropic", "claude-sonnet-4-20250514",
                Map.of("temperature", 0)))).isEmpty();
    }

    @Test
    void anthropicGetsStopSequencesNoSeedAndAJsonPrefillThatIsPutBackInTheOutput() throws Exception {
        server.enqueue(json(200, """
                {"id": "msg_01", "type": "message", "role": "assistant", "model": "claude-sonnet-4-20250514",
                 "content": [{"type": "text", "text": "\\"capital\\": \\"Paris\\"}"}],
                 "stop_reason": "end_turn", "stop_sequence": null,
                 "usage": {"input_tokens": 20, "output_tokens": 8}}
                """));

        assertThat(call("anthropic", "claude-sonnet-4-20250514").text()).isEqualTo("{\"capital\": \"Paris\"}");
        assertJsonBody(take(server), """
                {"model": "claude-sonnet-4-20250514", "max_tokens": 200, "system": "Answer in JSON.",
                 "messages": [{"role": "user", "content": "Capital of France?"}, {"role": "assistant", "content": "{"}],
                 "stop_sequences": ["###"], "temperature": 0}
                """);
    }

    @Test
    void geminiGetsGenerationConfig() throws Exception {
        server.enqueue(json(200, """
                {"candidates": [{"content": {"role": "model", "parts": [{"text": "{\\"capital\\": \\"Paris\\"}"}]},
                  "finishReason": "STOP"}],
                 "usageMetadata": {"promptTokenCount": 12, "candidatesTokenCount": 7, "totalTokenCount": 19}}
                """));

        assertThat(call("google", "gemini-2.5-flash").text()).isEqualTo("{\"capital\": \"Paris\"}");
        assertJsonBody(take(server), """
                {"contents": [{"role": "user", "parts": [{"text": "Capital of France?"}]}],
                 "systemInstruction": {"parts": [{"text": "Answer in JSON."}]},
                 "generationConfig": {"maxOutputTokens": 200, "stopSequences": ["###"], "seed": 11, "temperature": 0,
                   "responseMimeType": "application/json"}}
                """);
    }

    private static String openAiAnswer(String model) {
        return """
                {"id": "chatcmpl-1", "object": "chat.completion", "created": 1741569952, "model": "%s",
                 "choices": [{"index": 0, "message": {"role": "assistant", "content": "{\\"capital\\": \\"Paris\\"}",
                   "refusal": null}, "finish_reason": "stop"}],
                 "usage": {"prompt_tokens": 20, "completion_tokens": 8, "total_tokens": 28}}
                """.formatted(model);
    }
}
