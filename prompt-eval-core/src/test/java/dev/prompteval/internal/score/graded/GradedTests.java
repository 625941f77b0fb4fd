package dev.prompteval.internal.score.graded;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prompteval.dataset.Assertion;
import dev.prompteval.dataset.Row;
import dev.prompteval.internal.provider.CachingEmbeddingProvider;
import dev.prompteval.internal.provider.CachingProvider;
import dev.prompteval.internal.provider.EvaluationMode;
import dev.prompteval.internal.provider.ProviderOptions;
import dev.prompteval.internal.provider.Providers;
import dev.prompteval.internal.provider.RecordingStore;
import dev.prompteval.internal.retry.RetryPolicy;
import dev.prompteval.internal.score.RowScorer;
import dev.prompteval.internal.score.Scorers;
import dev.prompteval.score.AssertionResult;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A loopback OpenAI-compatible server with graders and scorers wired to it as the Maven plugin would wire them, plus
 * rows, assertions and canned answers for the model-graded scorer tests.
 */
final class GradedTests implements AutoCloseable {
    static final String KEY = "sk-grader-SECRET-7f3a";
    static final ObjectMapper JSON = new ObjectMapper();

    final MockWebServer server = new MockWebServer();
    final Providers providers;
    final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
    final Graders graders;
    final RowScorer rowScorer;

    GradedTests() throws IOException {
        server.start();
        providers = Providers.builder().env(Map.of("OPENAI_API_KEY", KEY)::get).build();
        ProviderOptions atServer = new ProviderOptions(server.url("/v1").toString(), null);
        GraderConfig config = GraderConfig.DEFAULT.withOptions(atServer).withEmbeddingOptions(atServer);
        graders = Graders.from(config, providers).withRetry(new GraderRetry(RetryPolicy.DEFAULT.withMaxAttempts(config.maxAttempts()),
                sleeps::add, System::nanoTime, () -> 0L));
        rowScorer = new RowScorer(ModelGradedScorers.register(Scorers.builder(), graders).build());
    }

    @Override
    public void close() {
        providers.close();
        server.close();
    }

    /** Scores one assertion on one output as the runner does: through the row scorer, negation included. */
    AssertionResult score(Assertion assertion, String output) {
        return rowScorer.score(assertion, output, row(assertion));
    }

    /** A row scorer whose graders go through the recordings in this mode, as the plugin wires record/replay. */
    RowScorer scorerIn(EvaluationMode mode, RecordingStore recordings) {
        Graders wrapped = graders.wrap(judge -> new CachingProvider(judge, mode, null, recordings),
                embeddings -> new CachingEmbeddingProvider(embeddings, mode, null, recordings));
        return new RowScorer(ModelGradedScorers.register(Scorers.builder(), wrapped).build());
    }

    RecordedRequest take() throws InterruptedException {
        RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(r).as("a request reached the server").isNotNull();
        return r;
    }

    static Assertion assertion(String type, Double threshold, String value) {
        return new Assertion(type, false, threshold, value, 1.0, "__expected");
    }

    static Assertion negated(String type, Double threshold, String value) {
        return new Assertion(type, true, threshold, value, 1.0, "__expected");
    }

    static Row row(Assertion... assertions) {
        return new Row("refund-7", 7, 9, Map.of("question", "Can I get a refund?"), List.of(assertions),
                "polite refusal", null, null, Map.of(), Set.of(), null);
    }

    /** A chat completion as the OpenAI API reference shows it, with this content and finish reason. */
    static MockResponse chat(String content, String finishReason) {
        ObjectNode body = JSON.createObjectNode().put("id", "chatcmpl-1").put("object", "chat.completion")
                .put("model", "gpt-4o-mini-2024-07-18");
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0).put("finish_reason", finishReason);
        choice.putObject("message").put("role", "assistant").put("content", content).putNull("refusal");
        body.putObject("usage").put("prompt_tokens", 200).put("completion_tokens", 40).put("total_tokens", 240);
        return json(200, body.toString());
    }

    static MockResponse chat(String content) {
        return chat(content, "stop");
    }

    /** An embeddings answer as the API reference shows it; {@code reversed} lists the data last index first. */
    static MockResponse embeddings(boolean reversed, double[]... vectors) {
        ObjectNode body = JSON.createObjectNode().put("object", "list").put("model", "text-embedding-3-small");
        ArrayNode data = body.putArray("data");
        for (int n = 0; n < vectors.length; n++) {
            int i = reversed ? vectors.length - 1 - n : n;
            ArrayNode vector = data.addObject().put("object", "embedding").put("index", i).putArray("embedding");
            for (double x : vectors[i]) vector.add(x);
        }
        body.putObject("usage").put("prompt_tokens", 10 * vectors.length).put("total_tokens", 10 * vectors.length);
        return json(200, body.toString());
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }

    static void assertJsonBody(RecordedRequest request, String expected) throws IOException {
        assertThat(JSON.readTree(request.getBody().utf8())).isEqualTo(JSON.readTree(expected));
    }
}
