package dev.prompteval.internal.provider;

import dev.prompteval.internal.template.PromptTemplate;
import dev.prompteval.template.ChatMessage.ImageUrl;
import dev.prompteval.template.ChatMessage;
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

/**
 * A template's {@code image_url} blocks reach the providers that take images by URL in their documented shapes
 * (Chat Completions' {@code image_url} content part; the Messages API's image block with a {@code url} or
 * {@code base64} source), and a provider that does not (Gemini's generateContent takes inline data or uploaded files
 * only) is named before any call.
 */
class ImageInputTest {
    private final MockWebServer server = new MockWebServer();
    private Providers providers;

    /** Chat Completions' answer in the API reference's example shape. */
    private static final String OPENAI = """
            {"id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", "object": "chat.completion", "created": 1741569952,
             "model": "gpt-4o-2024-08-06", "choices": [{"index": 0, "message": {"role": "assistant",
             "content": "A blue mug.", "refusal": null, "annotations": []}, "logprobs": null, "finish_reason": "stop"}],
             "usage": {"prompt_tokens": 300, "completion_tokens": 4, "total_tokens": 304}}
            """;
    /** The Messages API's answer in the API reference's example shape. */
    private static final String ANTHROPIC = """
            {"id": "msg_013Zva2CMHLNnXjNJJKqJ2EF", "type": "message", "role": "assistant",
             "model": "claude-haiku-4-5", "content": [{"type": "text", "text": "A blue mug."}],
             "stop_reason": "end_turn", "stop_sequence": null, "usage": {"input_tokens": 300, "output_tokens": 4}}
            """;

    private static final ChatMessage WITH_IMAGES = new ChatMessage("user", "What is this?", List.of(
            new ImageUrl("https://example.com/mug.png", "low"), new ImageUrl("data:image/png;base64,iVBORw0KGgo=", null)));

    @BeforeEach
    void start() throws Exception {
        server.start();
        providers = Providers.builder().env(Map.of("OPENAI_API_KEY", "sk-test-123", "OPENAI_BASE_URL",
                server.url("/v1").toString(), "ANTHROPIC_API_KEY", "sk-ant-test-456", "ANTHROPIC_BASE_URL",
                server.url("/").toString())::get).build();
    }

    @AfterEach
    void stop() {
        providers.close();
        server.close();
    }

    @Test
    void openAiGetsTheTextAndEachImageAsContentParts() throws Exception {
        server.enqueue(json(200, OPENAI));

        providers.create("openai").complete(request(model("openai", "gpt-4o", Map.of()), system("Be brief."),
                WITH_IMAGES));

        RecordedRequest sent = take(server);
        assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
        assertJsonBody(sent, """
                {"model": "gpt-4o", "messages": [
                  {"role": "system", "content": "Be brief."},
                  {"role": "user", "content": [{"type": "text", "text": "What is this?"},
                    {"type": "image_url", "image_url": {"url": "https://example.com/mug.png", "detail": "low"}},
                    {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}}]}]}
                """);
    }

    @Test
    void anthropicGetsImageBlocksWithAUrlOrABase64Source() throws Exception {
        server.enqueue(json(200, ANTHROPIC));

        providers.create("anthropic").complete(request(model("anthropic", "claude-haiku-4-5", Map.of()),
                WITH_IMAGES));

        assertJsonBody(take(server), """
                {"model": "claude-haiku-4-5", "max_tokens": 1024, "messages": [{"role": "user", "content": [
                  {"type": "text", "text": "What is this?"},
                  {"type": "image", "source": {"type": "url", "url": "https://example.com/mug.png"}},
                  {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="}}]}]}
                """);
    }

    @Test
    void aProviderThatCannotTakeTheTemplatesImagesIsNamedBeforeAnyCall() {
        PromptTemplate template = PromptTemplate.parse("""
                {"prompt_template": {"type": "chat", "messages": [{"role": "user", "content": [
                   {"type": "text", "text": "Describe {product}"},
                   {"type": "image_url", "image_url": {"url": ""}, "image_variable": "photo"}]}]}}
                """, "describe.json");

        assertThat(providers.checkParameters("gemini", model("gemini", "gemini-2.5-flash", Map.of()),
                template.shape())).hasValueSatisfying(problem -> assertThat(problem).startsWith(
                "provider gemini, model gemini-2.5-flash: Gemini's generateContent takes images as inline data or"
                        + " uploaded files, not as image URLs"));
        assertThat(providers.checkParameters("openai", model("openai", "gpt-4o", Map.of()), template.shape()))
                .isEmpty();
        assertThat(providers.checkParameters("anthropic", model("anthropic", "claude-haiku-4-5", Map.of()),
                List.of(new ChatMessage("system", "", List.of(new ImageUrl("https://example.com/a.png", null))))))
                .hasValueSatisfying(problem -> assertThat(problem).contains("Anthropic takes images only in user"
                        + " messages"));
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void imagesAreInTheRequestKeyOnlyWhenThereAreSome() {
        var spec = model("openai", "gpt-4o", Map.of());
        RequestKey text = RequestKey.of("openai-chat", request(spec, user("What is this?")));
        RequestKey image = RequestKey.of("openai-chat", request(spec, WITH_IMAGES));

        assertThat(text.canonicalJson()).doesNotContain("images");
        assertThat(image.canonicalJson()).contains("https://example.com/mug.png");
        assertThat(image).isNotEqualTo(text);
    }
}
