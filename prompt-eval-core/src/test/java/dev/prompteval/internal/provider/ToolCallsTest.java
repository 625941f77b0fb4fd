package dev.prompteval.internal.provider;

import dev.prompteval.provider.ModelResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.prompteval.internal.provider.ProviderTests.JSON;
import static dev.prompteval.internal.provider.ProviderTests.json;
import static dev.prompteval.internal.provider.ProviderTests.model;
import static dev.prompteval.internal.provider.ProviderTests.request;
import static dev.prompteval.internal.provider.ProviderTests.take;
import static dev.prompteval.internal.provider.ProviderTests.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A template's OpenAI-style function tools reach each API in its own shape, and the model's tool calls come back as
 * the output in one shape. Answers are the function-calling examples of the OpenAI API reference, Anthropic's tool
 * use documentation ({@code tool_use} content blocks) and python-genai's {@code FunctionCall} part
 * ({@code functionCall: {name, args}}).
 */
class ToolCallsTest {
    private static final Map<String, Object> WEATHER_TOOL = Map.of("type", "function", "function", Map.of(
            "name", "get_weather", "description", "Current weather in a city",
            "parameters", Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string")),
                    "required", List.of("city"))));
    private static final Map<String, Object> PARAMETERS = Map.of("tools", List.of(WEATHER_TOOL));

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

    @Test
    void openAiToolsAreSentAsWrittenAndToolCallsComeBackWithParsedArguments() throws Exception {
        server.enqueue(json(200, """
                {"id": "chatcmpl-abc123", "object": "chat.completion", "created": 1699896916, "model": "gpt-4o-mini",
                 "choices": [{"index": 0, "message": {"role": "assistant", "content": null,
                   "tool_calls": [{"id": "call_abc123", "type": "function",
                     "function": {"name": "get_weather", "arguments": "{\\"city\\": \\"Paris\\"}"}}]},
                   "logprobs": null, "finish_reason": "tool_calls"}],
                 "usage": {"prompt_tokens": 82, "completion_tokens": 17, "total_tokens": 99}}
                """));

        ModelResponse response = providers.create("openai").complete(request(model("openai", "gpt-4o-mini",
                PARAMETERS), user("Weather in Paris?")));

        assertThat(JSON.readTree(take(server).getBody().utf8()).get("tools"))
                .isEqualTo(JSON.valueToTree(List.of(WEATHER_TOOL)));
        assertThat(JSON.readTree(response.text())).isEqualTo(JSON.readTree("""
                {"content": null, "tool_calls": [{"id": "call_abc123", "name": "get_weather",
                 "arguments": {"city": "Paris"}}]}
                """));
        assertThat(response.finishReason()).isEqualTo("tool_calls");
    }

    @Test
    void anthropicGetsItsToolShapeAndToolUseBlocksComeBackAsToolCalls() throws Exception {
        server.enqueue(json(200, """
                {"id": "msg_01Aq9w938a90dw8q", "type": "message", "role": "assistant",
                 "model": "claude-sonnet-4-20250514", "stop_reason": "tool_use", "stop_sequence": null,
                 "content": [{"type": "text", "text": "I'll check the weather in Paris."},
                             {"type": "tool_use", "id": "toolu_01A09q90qw90lq917835lq9", "name": "get_weather",
                              "input": {"city": "Paris"}}],
                 "usage": {"input_tokens": 384, "output_tokens": 54}}
                """));

        ModelResponse response = providers.create("anthropic").complete(request(model("anthropic",
                "claude-sonnet-4-20250514", PARAMETERS), user("Weather in Paris?")));

        assertThat(JSON.readTree(take(server).getBody().utf8()).get("tools")).isEqualTo(JSON.readTree("""
                [{"name": "get_weather", "description": "Current weather in a city",
                  "input_schema": {"type": "object", "properties": {"city": {"type": "string"}},
                                   "required": ["city"]}}]
                """));
        assertThat(JSON.readTree(response.text())).isEqualTo(JSON.readTree("""
                {"content": "I'll check the weather in Paris.", "tool_calls": [{"id": "toolu_01A09q90qw90lq917835lq9",
                 "name": "get_weather", "arguments": {"city": "Paris"}}]}
                """));
    }

    @Test
    void geminiGetsFunctionDeclarationsAtTheTopLevelAndFunctionCallPartsComeBackAsToolCalls() throws Exception {
        server.enqueue(json(200, """
                {"candidates": [{"content": {"role": "model", "parts": [{"functionCall": {"name": "get_weather",
                  "args": {"city": "Paris"}}}]}, "finishReason": "STOP"}],
                 "usageMetadata": {"promptTokenCount": 30, "candidatesTokenCount": 8, "totalTokenCount": 38}}
                """));

        ModelResponse response = providers.create("google").complete(request(model("google", "gemini-2.5-flash",
                PARAMETERS), user("Weather in Paris?")));

        var sent = JSON.readTree(take(server).getBody().utf8());
        assertThat(sent.get("tools")).isEqualTo(JSON.readTree("""
                [{"functionDeclarations": [{"name": "get_weather", "description": "Current weather in a city",
                  "parametersJsonSchema": {"type": "object", "properties": {"city": {"type": "string"}},
                                           "required": ["city"]}}]}]
                """));
        assertThat(sent.has("generationConfig")).isFalse();
        assertThat(JSON.readTree(response.text())).isEqualTo(JSON.readTree("""
                {"content": null, "tool_calls": [{"id": null, "name": "get_weather", "arguments": {"city": "Paris"}}]}
                """));
    }
}
