package dev.prompteval.internal.provider;

import dev.prompteval.provider.ProviderException;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.prompteval.internal.provider.ProviderTests.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

/** What the batch clients do beyond the happy path that the suite-level fakes cover. */
class BatchApiTest {
    private static final String KEY = "sk-ant-batch-key";
    private final MockWebServer server = new MockWebServer();
    private Providers providers;

    @BeforeEach
    void start() throws Exception {
        server.start();
        providers = ProviderTests.providers(Map.of("ANTHROPIC_API_KEY", KEY, "ANTHROPIC_BASE_URL",
                server.url("/").toString(), "OPENAI_API_KEY", KEY, "OPENAI_BASE_URL", server.url("/v1").toString()));
    }

    @AfterEach
    void stop() {
        providers.close();
        server.close();
    }

    @Test
    void anthropicResultsOnAnotherHostAreNotDownloadedWithTheKey() throws Exception {
        // Shape from anthropics/anthropic-sdk-python types/messages/message_batch.py
        server.enqueue(json(200, """
                {"id": "msgbatch_013Zva2CMHLNnXjNJJKqJ2EF", "type": "message_batch", "processing_status": "ended",
                 "request_counts": {"processing": 0, "succeeded": 1, "errored": 0, "canceled": 0, "expired": 0},
                 "ended_at": "2024-08-20T18:37:24.100435Z", "created_at": "2024-08-20T18:37:24.100435Z",
                 "expires_at": "2024-08-21T18:37:24.100435Z", "archived_at": null, "cancel_initiated_at": null,
                 "results_url": "https://elsewhere.example/v1/messages/batches/msgbatch_013Zva2CMHLNnXjNJJKqJ2EF/results"}
                """));
        BatchApi api = providers.batch("anthropic", ProviderOptions.DEFAULTS);
        BatchApi.Status status = api.status("msgbatch_013Zva2CMHLNnXjNJJKqJ2EF");
        assertThat(status.ended()).isTrue();
        assertThat(status.total()).isEqualTo(1);

        var error = catchThrowableOfType(ProviderException.class, () -> api.results(
                "msgbatch_013Zva2CMHLNnXjNJJKqJ2EF", status, Map.of()));

        assertThat(error.kind()).isEqualTo(ProviderException.Kind.BAD_REQUEST);
        assertThat(error.getMessage()).contains("is not on " + server.url("/")).contains("sends the API key to no "
                + "other address");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void anOpenAiBatchThatFailedAsAWholeSaysWhy() throws Exception {
        // Shape from openai/openai-python types/batch.py (errors: {object: list, data: [BatchError]})
        server.enqueue(json(200, """
                {"id": "batch_abc123", "object": "batch", "endpoint": "/v1/chat/completions",
                 "errors": {"object": "list", "data": [{"code": "invalid_json_line",
                   "message": "This line is not parseable as valid JSON.", "param": null, "line": 3}]},
                 "input_file_id": "file-abc123", "completion_window": "24h", "status": "failed",
                 "output_file_id": null, "error_file_id": null, "created_at": 1711471533, "failed_at": 1711471540,
                 "request_counts": {"total": 0, "completed": 0, "failed": 0}, "metadata": null}
                """));
        BatchApi api = providers.batch("openai", ProviderOptions.DEFAULTS);

        BatchApi.Status status = api.status("batch_abc123");

        assertThat(status.ended()).isTrue();
        assertThat(status.problem()).isEqualTo("the batch failed: This line is not parseable as valid JSON. (line 3) "
                + "[invalid_json_line]");
        assertThat(api.results("batch_abc123", status, Map.of())).isEmpty();
        assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/v1/batches/batch_abc123");
    }

    @Test
    void aGeminiBatchThatFailedAsAWholeIsItsStateNotAFailedLook() throws Exception {
        // Shape from googleapis/python-genai google/genai/batches.py (_BatchJob_from_mldev: name, metadata.state;
        // a finished google.longrunning.Operation carries done and, on failure, error {code, message}).
        server.enqueue(json(200, """
                {"name": "batches/123456", "done": true,
                 "error": {"code": 3, "message": "Batch input exceeds the size limit", "status": "INVALID_ARGUMENT"},
                 "metadata": {"@type": "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatch",
                              "model": "models/gemini-2.0-flash", "displayName": "prompt-eval gemini-2.0-flash",
                              "state": "BATCH_STATE_FAILED", "name": "batches/123456"}}
                """));
        try (Providers gemini = ProviderTests.providers(Map.of("GEMINI_API_KEY", KEY, "GEMINI_BASE_URL",
                server.url("/").toString()))) {
            BatchApi.Status status = gemini.batch("google", ProviderOptions.DEFAULTS).status("batches/123456");

            assertThat(status.ended()).isTrue();
            assertThat(status.state()).isEqualTo("BATCH_STATE_FAILED");
            assertThat(status.problem()).isEqualTo("Gemini batch mode: the batch failed: Batch input exceeds the "
                    + "size limit [INVALID_ARGUMENT]");
            var sent = server.takeRequest();
            assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1beta/batches/123456");
            assertThat(sent.getHeaders().get("x-goog-api-key")).isEqualTo(KEY);
        }
    }

    @Test
    void providersWithoutABatchApiAreRefusedWithWhatToDo() {
        assertThatThrownBy(() -> providers.batch("azure", ProviderOptions.DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("provider 'azure' has no batch API").hasMessageContaining("<batch>false</batch>");
        assertThatThrownBy(() -> providers.batch("java:com.acme.Target", ProviderOptions.DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theBatchPriceIsHalfTheInteractiveOne() {
        PriceTable prices = PriceTable.builtIn();
        assertThat(prices.batchUsage("gpt-4o-mini", 1_000_000, 1_000_000).costUsd()).isCloseTo(0.375, within(1e-12));
        assertThat(prices.usage("gpt-4o-mini", 1_000_000, 1_000_000).costUsd()).isCloseTo(0.75, within(1e-12));
        assertThat(prices.batchUsage("unknown-model", 10, 10).costUsd()).isZero();
    }
}
