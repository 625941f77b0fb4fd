package dev.prompteval.internal.provider;

import dev.prompteval.provider.ModelResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.prompteval.internal.provider.ProviderTests.assertJsonBody;
import static dev.prompteval.internal.provider.ProviderTests.json;
import static dev.prompteval.internal.provider.ProviderTests.model;
import static dev.prompteval.internal.provider.ProviderTests.request;
import static dev.prompteval.internal.provider.ProviderTests.take;
import static dev.prompteval.internal.provider.ProviderTests.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Azure OpenAI and OpenAI's organisation and project headers, as openai-python sends them ({@code AzureOpenAI}:
 * {@code /openai/deployments/{model}/chat/completions?api-version=...} with {@code api-key};
 * {@code OpenAI}: {@code OpenAI-Organization} from {@code OPENAI_ORG_ID}, {@code OpenAI-Project} from
 * {@code OPENAI_PROJECT_ID}).
 */
class AzureAndOrganisationTest {
    private static final String COMPLETION = """
            {"id": "chatcmpl-123", "object": "chat.completion", "created": 1677652288, "model": "gpt-4o-mini",
             "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello there"},
                          "finish_reason": "stop"}],
             "usage": {"prompt_tokens": 9, "completion_tokens": 12, "total_tokens": 21}}""";

    private final MockWebServer server = new MockWebServer();

    @BeforeEach
    void start() throws Exception {
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void azureCallsTheDeploymentWithTheApiVersionAndTheApiKeyHeader() throws Exception {
        server.enqueue(json(200, COMPLETION));
        try (Providers providers = ProviderTests.providers(Map.of("AZURE_OPENAI_API_KEY", "azure-key-1",
                "AZURE_OPENAI_ENDPOINT", server.url("/").toString(), "OPENAI_API_VERSION", "2024-10-21",
                "OPENAI_API_KEY", "sk-never-sent-to-azure"))) {
            ModelResponse response = providers.create("azure").complete(request(model("azure", "my-gpt4o-deployment",
                    Map.of("temperature", 0)), user("Hi")));

            RecordedRequest sent = take(server);
            assertThat(sent.getUrl().encodedPath()).isEqualTo("/openai/deployments/my-gpt4o-deployment/chat/completions");
            assertThat(sent.getUrl().queryParameter("api-version")).isEqualTo("2024-10-21");
            assertThat(sent.getHeaders().get("api-key")).isEqualTo("azure-key-1");
            assertThat(sent.getHeaders().get("Authorization")).isNull();
            assertJsonBody(sent, """
                    {"model": "my-gpt4o-deployment", "messages": [{"role": "user", "content": "Hi"}], "temperature": 0}
                    """);
            assertThat(response.text()).isEqualTo("Hello there");
        }
    }

    @Test
    void azureWithoutAKeyIsReportedBeforeAnyCall() {
        try (Providers providers = ProviderTests.providers(Map.of("AZURE_OPENAI_ENDPOINT",
                server.url("/").toString()))) {
            assertThat(providers.checkReady("azure", ProviderOptions.DEFAULTS, true)).hasValueSatisfying(problem ->
                    assertThat(problem).contains("needs an API key: set AZURE_OPENAI_API_KEY"));
        }
    }

    @Test
    void openAiSendsTheOrganisationAndProjectHeadersFromTheEnvironment() throws Exception {
        server.enqueue(json(200, COMPLETION));
        try (Providers providers = ProviderTests.providers(Map.of("OPENAI_API_KEY", "sk-test",
                "OPENAI_BASE_URL", server.url("/v1").toString(), "OPENAI_ORG_ID", "org-abc",
                "OPENAI_PROJECT_ID", "proj_xyz"))) {
            providers.create("openai").complete(request(model("openai", "gpt-4o-mini", Map.of()), user("Hi")));

            RecordedRequest sent = take(server);
            assertThat(sent.getHeaders().get("OpenAI-Organization")).isEqualTo("org-abc");
            assertThat(sent.getHeaders().get("OpenAI-Project")).isEqualTo("proj_xyz");
        }
    }

    @Test
    void anOpenAiCompatibleServerNeverGetsTheOrganisationHeaders() throws Exception {
        server.enqueue(json(200, COMPLETION));
        try (Providers providers = ProviderTests.providers(Map.of("OPENAI_ORG_ID", "org-abc"))) {
            providers.create("openai-compatible", new ProviderOptions(server.url("/v1").toString(), null))
                    .complete(request(model("openai-compatible", "llama3", Map.of()), user("Hi")));

            assertThat(take(server).getHeaders().get("OpenAI-Organization")).isNull();
        }
    }
}
