package dev.prompteval.internal.suite;

import dev.prompteval.internal.gate.GateRules;
import dev.prompteval.internal.provider.EvaluationMode;
import dev.prompteval.internal.provider.Providers;
import dev.prompteval.internal.registry.file.FileRegistry;
import dev.prompteval.internal.run.CancellationToken;
import dev.prompteval.internal.run.RowResult;
import dev.prompteval.internal.run.RunOptions;
import dev.prompteval.internal.run.SampleResult;
import dev.prompteval.internal.score.Scorers;
import dev.prompteval.internal.template.PromptTemplate;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole recorded run of an {@code openai-compatible} suite with {@code <apiKeyEnv>}: the key reaches the gateway,
 * and no file the run leaves (recordings, cache, journal) and no row error contains it.
 */
class SuiteKeyRunTest {
    private static final String KEY = "sk-or-v1-feedface0123456789-run";

    @TempDir
    Path project;
    private final MockWebServer server = new MockWebServer();
    private final Queue<String> authorizations = new ConcurrentLinkedQueue<>();
    private Providers providers;
    private FileRegistry registry;

    @BeforeEach
    void project() throws IOException {
        server.start();
        registry = new FileRegistry(project.resolve("prompt-registry"));
        registry.publish("faq", PromptTemplate.parse(template("Answer {question}"), "faq"), "first",
                List.of("prod"), 0);
        Files.writeString(project.resolve("candidate.json"), template("Answer briefly: {question}"));
        Files.writeString(project.resolve("faq.csv"), "__id,question,__expected\nq1,Why?,contains:because\n"
                + "q2,How?,contains:because\n");
        providers = Providers.builder().env(Map.of("OPENROUTER_API_KEY", KEY)::get).build();
    }

    @AfterEach
    void close() {
        providers.close();
        server.close();
    }

    private static String template(String text) {
        return "{\"prompt_template\": {\"type\": \"chat\", \"messages\": [{\"role\": \"user\", "
                + "\"content\": \"" + text + "\"}]}, \"metadata\": {\"model\": {\"provider\": \"openai-compatible\", "
                + "\"name\": \"meta-llama/llama-3.1-8b-instruct\"}}}";
    }

    private void answer(int status, String body) {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                authorizations.add(String.valueOf(request.getHeaders().get("Authorization")));
                return new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json")
                        .body(body).build();
            }
        });
    }

    private SuiteOutcome evaluate() {
        var evaluator = new SuiteEvaluator(new EvaluationSettings(project, project.resolve("target"), registry,
                EvaluationMode.RECORD, project.resolve("recordings"), project.resolve("cache"),
                RunOptions.defaults(), providers, Scorers.defaults(), null));
        var spec = new SuiteSpec("faq", "faq", "file:candidate.json", "label:prod", List.of(Path.of("faq.csv")),
                null, server.url("/api/v1").toString(), 1, List.of(), GateRules.defaults(), Boolean.FALSE,
                null, "OPENROUTER_API_KEY");
        return evaluator.evaluate(evaluator.prepare(spec), SuiteProgress.NONE, new CancellationToken());
    }

    @Test
    void aRecordedRunSendsTheKeyAndStoresItNowhere() throws IOException {
        // A chat completion as in the OpenAI API reference's example response (OpenRouter answers in this shape).
        answer(200, "{\"id\": \"chatcmpl-123\", \"object\": \"chat.completion\", \"created\": 1677652288, "
                + "\"model\": \"meta-llama/llama-3.1-8b-instruct\", \"choices\": [{\"index\": 0, \"message\": "
                + "{\"role\": \"assistant\", \"content\": \"because it is\"}, \"finish_reason\": \"stop\"}], "
                + "\"usage\": {\"prompt_tokens\": 9, \"completion_tokens\": 3, \"total_tokens\": 12}}");

        SuiteOutcome outcome = evaluate();

        assertThat(outcome.candidate().result().rows()).noneMatch(RowResult::errored);
        assertThat(authorizations).hasSize(4).containsOnly("Bearer " + KEY);
        assertThat(filesUnder(project)).anyMatch(p -> p.startsWith(project.resolve("recordings")))
                .anyMatch(p -> p.startsWith(project.resolve("cache")));
        assertNoFileContainsTheKey();
    }

    @Test
    void anErrorThatEchoesTheKeyIsRedactedInRowsAndFiles() throws IOException {
        // OpenRouter's documented error shape, {"error": {"code", "message"}} (openrouter.ai/docs, "Errors and
        // Debugging"); a gateway echoing the key back is what the redaction is for.
        answer(401, "{\"error\": {\"code\": 401, \"message\": \"Invalid key " + KEY + "\"}}");

        SuiteOutcome outcome = evaluate();

        List<String> errors = outcome.candidate().result().rows().stream().flatMap(r -> r.samples().stream())
                .map(SampleResult::error).toList();
        assertThat(errors).hasSize(2).allSatisfy(e -> assertThat(e).contains("Invalid key").doesNotContain(KEY));
        assertThat(outcome.candidate().message()).doesNotContain(KEY);
        assertThat(outcome.gate().toString()).doesNotContain(KEY);
        assertNoFileContainsTheKey();
    }

    private void assertNoFileContainsTheKey() throws IOException {
        for (Path file : filesUnder(project)) {
            assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString())
                    .doesNotContain(KEY);
        }
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
