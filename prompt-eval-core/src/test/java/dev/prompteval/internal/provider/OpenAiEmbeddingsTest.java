package dev.prompteval.internal.provider;

import dev.prompteval.provider.ModelResponse;
import dev.prompteval.provider.ProviderException.Kind;
import dev.prompteval.provider.ProviderException;
import dev.prompteval.provider.Usage;
import dev.prompteval.template.ModelSpec;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.prompteval.internal.provider.ProviderTests.assertJsonBody;
import static dev.prompteval.internal.provider.ProviderTests.json;
import static dev.prompteval.internal.provider.ProviderTests.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

/** OpenAI-compatible embeddings as in the API reference (POST /embeddings), and their cache and recordings. */
class OpenAiEmbeddingsTest {
    private static final String KEY = "sk-embed-SECRET-42";
    private static final ModelSpec SMALL = new ModelSpec("openai", "text-embedding-3-small", Map.of());

    private final MockWebServer server = new MockWebServer();
    private Providers providers;
    private EmbeddingProvider openai;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        server.start();
        providers = ProviderTests.providers(Map.of("OPENAI_API_KEY", KEY,
                "OPENAI_BASE_URL", server.url("/v1").toString()));
        openai = providers.embeddings("openai", ProviderOptions.DEFAULTS);
    }

    @AfterEach
    void stop() {
        providers.close();
        server.close();
    }

    /** Real-shaped answer (fields as the API reference shows them), data deliberately not in input order. */
    private static final String TWO_VECTORS = """
            {"object": "list",
             "data": [{"object": "embedding", "index": 1, "embedding": [0.5, -0.25, 0.125]},
                      {"object": "embedding", "index": 0, "embedding": [0.0023064255, -0.009327292, 0.015797347]}],
             "model": "text-embedding-3-small",
             "usage": {"prompt_tokens": 8, "total_tokens": 8}}
            """;

    @Test
    void sendsTheDocumentedRequestAndPlacesVectorsByIndex() throws Exception {
        server.enqueue(json(200, TWO_VECTORS));

        Embeddings answer = openai.embed(new ModelSpec("openai", "text-embedding-3-small", Map.of("dimensions", 3)),
                List.of("The capital is Paris.", "Paris"));

        RecordedRequest sent = take(server);
        assertThat(sent.getMethod()).isEqualTo("POST");
        assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/embeddings");
        assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(sent.getHeaders().get("Content-Type")).startsWith("application/json");
        assertJsonBody(sent, """
                {"model": "text-embedding-3-small", "input": ["The capital is Paris.", "Paris"], "dimensions": 3}
                """);
        assertThat(answer.vectors()).hasSize(2);
        assertThat(answer.vectors().get(0)).containsExactly(0.0023064255, -0.009327292, 0.015797347);
        assertThat(answer.vectors().get(1)).containsExactly(0.5, -0.25, 0.125);
        assertThat(answer.usage().inputTokens()).isEqualTo(8);
        assertThat(answer.usage().outputTokens()).isZero();
        // text-embedding-3-small built-in price: $0.02 per 1M input tokens -> 8 * 0.02e-6
        assertThat(answer.usage().costUsd()).isCloseTo(1.6e-7, within(1e-15));
        assertThat(openai.endpoint()).isEqualTo("openai-embeddings " + server.url("/v1"));
    }

    @Test
    void aServerWithoutIndexIsReadInOrder() throws Exception {
        server.enqueue(json(200, """
                {"data": [{"embedding": [1, 0]}, {"embedding": [0, 1]}]}
                """));

        Embeddings answer = openai.embed(SMALL, List.of("a", "b"));

        assertThat(answer.vectors().get(0)).containsExactly(1.0, 0.0);
        assertThat(answer.vectors().get(1)).containsExactly(0.0, 1.0);
        assertThat(answer.usage().inputTokens()).as("usage missing").isEqualTo(-1);
    }

    @Test
    void malformedAnswersSayWhatIsWrong() {
        assertMalformed("""
                {"object": "list", "data": [{"index": 0, "embedding": [1, 2]}]}
                """, "asked for 2 embeddings, got 1");
        assertMalformed("""
                {"data": [{"index": 0, "embedding": [1]}, {"index": 0, "embedding": [2]}]}
                """, "data[1].index 0 is out of range or repeated");
        assertMalformed("""
                {"data": [{"index": 0, "embedding": "AACAPwAAAEA="}, {"index": 1, "embedding": [2]}]}
                """, "data[0].embedding is a base64 string; remove the encoding_format parameter, only float vectors "
                + "are read");
        assertMalformed("""
                {"data": [{"index": 0, "embedding": [1, "x"]}, {"index": 1, "embedding": [2]}]}
                """, "data[0].embedding[1] is not a number");
        assertMalformed("""
                {"object": "list"}
                """, "no data array");
    }

    private void assertMalformed(String body, String problem) {
        server.enqueue(json(200, body));
        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> openai.embed(SMALL, List.of("a", "b")));
        assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
        assertThat(e.getMessage()).isEqualTo("OpenAI-compatible embeddings response is malformed: " + problem);
    }

    @Test
    void failuresAreClassifiedLikeChatCallsWithoutTheKey() {
        server.enqueue(json(401, """
                {"error": {"message": "Incorrect API key provided: %s.", "type": "invalid_request_error",
                           "param": null, "code": "invalid_api_key"}}
                """.formatted(KEY)));
        ProviderException auth = catchThrowableOfType(ProviderException.class,
                () -> openai.embed(SMALL, List.of("a")));
        assertThat(auth.kind()).isEqualTo(Kind.AUTH);
        assertThat(auth.getMessage()).contains("Incorrect API key provided: [REDACTED]").doesNotContain(KEY)
                .contains("OpenAI-compatible embeddings at " + server.url("/v1"));

        server.enqueue(json(429, """
                {"error": {"message": "Rate limit reached", "type": "requests", "code": "rate_limit_exceeded"}}
                """).newBuilder().setHeader("retry-after", "3").build());
        ProviderException limited = catchThrowableOfType(ProviderException.class,
                () -> openai.embed(SMALL, List.of("a")));
        assertThat(limited.kind()).isEqualTo(Kind.RATE_LIMIT);
        assertThat(limited.retryAfter()).hasSeconds(3);
    }

    @Test
    void onlyOpenAiCompatibleServersServeEmbeddings() {
        assertThatThrownBy(() -> providers.embeddings("anthropic", ProviderOptions.DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("embeddings provider 'anthropic' is not supported; use openai, or "
                        + "openai-compatible");
        assertThatThrownBy(() -> providers.embeddings("openai-compatible", ProviderOptions.DEFAULTS))
                .hasMessageContaining("needs a base URL");
    }

    @Test
    void recordedEmbeddingsReplayWithTheServerStopped() throws Exception {
        server.enqueue(json(200, """
                {"data": [{"index": 0, "embedding": [0.25, 0.5]}], "usage": {"prompt_tokens": 2}}
                """));
        server.enqueue(json(200, """
                {"data": [{"index": 0, "embedding": [-1.5, 3]}], "usage": {"prompt_tokens": 1}}
                """));
        Path file = dir.resolve("recordings/suite.jsonl");
        Embeddings recorded;
        try (RecordingStore recordings = RecordingStore.open(file)) {
            EmbeddingProvider recording = new CachingEmbeddingProvider(openai, EvaluationMode.RECORD, null,
                    recordings);
            recorded = recording.embed(SMALL, List.of("a b", "c"));
        }
        assertThat(server.getRequestCount()).as("one text per call").isEqualTo(2);
        assertJsonBody(take(server), """
                {"model": "text-embedding-3-small", "input": ["a b"]}
                """);
        assertThat(recorded.usage().inputTokens()).isEqualTo(3);
        server.close();

        try (RecordingStore recordings = RecordingStore.open(file)) {
            EmbeddingProvider replaying = new CachingEmbeddingProvider(openai, EvaluationMode.REPLAY, null,
                    recordings);
            Embeddings replayed = replaying.embed(SMALL, List.of("c", "a b"));
            assertThat(replayed.vectors().get(0)).containsExactly(-1.5, 3.0);
            assertThat(replayed.vectors().get(1)).containsExactly(0.25, 0.5);
            assertThat(replayed.usage().totalTokens()).as("replayed answers cost nothing").isZero();

            ProviderException miss = catchThrowableOfType(ProviderException.class,
                    () -> replaying.embed(SMALL, List.of("never recorded")));
            assertThat(miss.kind()).isEqualTo(Kind.REPLAY_MISS);
            assertThat(miss.getMessage()).contains("user message \"never recorded\"")
                    .contains("-DpromptEval.mode=record");
        }
    }

    @Test
    void anUnreadableStoredEmbeddingIsAnErrorSayingHowToFixIt() throws Exception {
        ResponseStore store = new ResponseStore() {
            @Override
            public java.util.Optional<ModelResponse> get(RequestKey key) {
                return java.util.Optional.of(new ModelResponse("not a vector", null, Usage.UNKNOWN));
            }

            @Override
            public void put(RequestKey key, ModelResponse response) {
            }

            @Override
            public String location() {
                return "memory";
            }
        };
        EmbeddingProvider replaying = new CachingEmbeddingProvider(openai, EvaluationMode.REPLAY, null, store);

        assertThatThrownBy(() -> replaying.embed(SMALL, List.of("a")))
                .isInstanceOf(ProviderException.class)
                .hasMessage("a stored embedding is not a JSON array of numbers: \"not a vector\"; delete the entry "
                        + "(or the cache) and record it again");
    }
}
