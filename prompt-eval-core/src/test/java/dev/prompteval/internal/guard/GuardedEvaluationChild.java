package dev.prompteval.internal.guard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.prompteval.internal.gate.GateRules;
import dev.prompteval.internal.provider.EvaluationMode;
import dev.prompteval.internal.provider.Providers;
import dev.prompteval.internal.registry.file.FileRegistry;
import dev.prompteval.internal.run.CancellationToken;
import dev.prompteval.internal.run.RunOptions;
import dev.prompteval.internal.score.Scorers;
import dev.prompteval.internal.suite.Evaluation;
import dev.prompteval.internal.suite.EvaluationSettings;
import dev.prompteval.internal.suite.SuiteOutcome;
import dev.prompteval.internal.suite.SuiteSpec;
import dev.prompteval.internal.template.PromptTemplate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A build in its own JVM, for {@link RunGuardTest}: evaluates a suite of {@link #ROWS} rows through
 * {@link Evaluation#run} against an OpenAI-compatible chat completions server on loopback that answers after the
 * given latency, then prints each run's stop reason and resumed count and the calls the server answered.
 * Arguments: project folder, latency in ms.
 */
public final class GuardedEvaluationChild {
    static final int ROWS = 400;
    static final String KEY = "sk-guard-test-key";
    /** The shape of OpenAI's chat completion object (CreateChatCompletionResponse in OpenAI's OpenAPI spec). */
    private static final byte[] ANSWER = """
            {"id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", "object": "chat.completion", "created": 1741569952,
             "model": "gpt-4o-mini-2024-07-18",
             "choices": [{"index": 0,
                          "message": {"role": "assistant", "content": "Paris", "refusal": null, "annotations": []},
                          "logprobs": null, "finish_reason": "stop"}],
             "usage": {"prompt_tokens": 19, "completion_tokens": 1, "total_tokens": 20},
             "service_tier": "default", "system_fingerprint": "fp_06737a9306"}
            """.getBytes(StandardCharsets.UTF_8);

    private GuardedEvaluationChild() {
    }

    public static void main(String[] args) throws Exception {
        Path project = Path.of(args[0]);
        long latencyMs = Long.parseLong(args[1]);
        var answered = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "model-server");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", exchange -> answer(exchange, latencyMs, answered));
        server.start();
        String baseUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
        writeProject(project);
        try (Providers providers = Providers.builder().env(Map.of("OPENAI_API_KEY", KEY)::get).build()) {
            var settings = new EvaluationSettings(project, project.resolve("target"),
                    new FileRegistry(project.resolve("prompt-registry")), EvaluationMode.LIVE,
                    project.resolve("recordings"), null, RunOptions.defaults().withConcurrency(4), providers,
                    Scorers.defaults(), null);
            var suite = new SuiteSpec("capitals", "capitals", "file:candidate.json", "label:prod",
                    List.of(Path.of("capitals.csv")), null, baseUrl, 1, List.of(), GateRules.defaults(), null);
            System.out.println("running");
            List<SuiteOutcome> outcomes = new Evaluation(settings, Clock.systemUTC())
                    .run(List.of(suite), (s, reference, progress) -> { }, new CancellationToken());
            for (SuiteOutcome outcome : outcomes) {
                for (var run : List.of(outcome.candidate(), outcome.baseline())) {
                    System.out.println("run " + run.result().reference() + ": " + run.stopReason() + ", resumed "
                            + run.progress().resumed() + ", done " + run.progress().done());
                }
            }
            System.out.println("server answered " + answered.get());
        } finally {
            server.stop(0);
        }
    }

    /** Answers chat completions only, as OpenAI does: 404 for another path, 401 without the key. */
    private static void answer(HttpExchange exchange, long latencyMs, AtomicLong answered) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            if (!exchange.getRequestMethod().equals("POST")
                    || !exchange.getRequestURI().getPath().equals("/v1/chat/completions")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            if (!("Bearer " + KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            Thread.sleep(latencyMs);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, ANSWER.length);
            exchange.getResponseBody().write(ANSWER);
            answered.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void writeProject(Path project) throws IOException {
        if (Files.exists(project.resolve("capitals.csv"))) return;
        Files.createDirectories(project);
        String template = "{\"prompt_template\": {\"type\": \"chat\", \"messages\": [{\"role\": \"user\", \"content\":"
                + " \"%s {country}?\"}]}, \"metadata\": {\"model\": {\"provider\": \"openai\", \"name\":"
                + " \"gpt-4o-mini\"}}}";
        new FileRegistry(project.resolve("prompt-registry")).publish("capitals",
                PromptTemplate.parse(template.formatted("Capital of"), "capitals"), "first", List.of("prod"), 0);
        Files.writeString(project.resolve("candidate.json"), template.formatted("What is the capital of"));
        try (BufferedWriter csv = Files.newBufferedWriter(project.resolve("capitals.csv"))) {
            csv.write("__id,country,__expected\n");
            for (int i = 1; i <= ROWS; i++) csv.write("c" + i + ",France " + i + ",Paris\n");
        }
    }
}
