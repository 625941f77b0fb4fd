package dev.prompteval.internal.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A suite of 60,000 rows x 2 versions runs, is decided and reported in a child JVM held to {@code -Xmx64m}. Held in
 * memory, each (row, version) took about 2 KB (the row, its variables, the rendered prompt, the output, the score and
 * its reasons): 240 MB for these rows, so a child that finishes shows that runs, statistics, gate and reports keep
 * compact per-row figures and the rows they list, not every row; and the same suite, stopped by SIGTERM halfway
 * through live calls, resumes in such a heap. Tagged {@code slow} (each test runs 120,000 samples).
 */
@Tag("slow")
class LargeSuiteMemoryTest {
    private static final int ROWS = 60_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aLargeSuiteRunsDecidesAndReportsInA64MbHeap() throws Exception {
        Process child = child("child.log");
        String output = finished(child, "child.log");

        // The candidate gets every row right where the baseline misses one in four: a clear improvement.
        assertThat(output.lines().toList()).as(output).containsSubsequence(List.of(
                "decision=PASS",
                "candidate rows=" + ROWS + ", baseline rows=" + ROWS));
        assertReported(output);
    }

    /**
     * Stopped by SIGTERM at half its calls to a loopback model, the suite resumes in a 64 MB heap too: the journals'
     * earlier results are read back as their rows come up, not held in the heap (held, they took about a kilobyte
     * each: 60 MB here). The model answers in the shape of OpenAI's chat completion object (openai-openapi's
     * {@code CreateChatCompletionResponse}: id, object, created, model, choices with message and finish_reason,
     * usage), and each request is checked: its path, its bearer key, its JSON body's model and user message.
     */
    @Test
    void aLargeSuiteStoppedBySigtermHalfwayResumesInA64MbHeap() throws Exception {
        var calls = new AtomicLong();
        var wrong = new ConcurrentLinkedQueue<String>();
        var stopAt = new CompletableFuture<Void>();
        // Without TCP_NODELAY the JDK's server and the client's delayed ACKs hold each small answer for 40 ms.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", exchange -> {
            try (exchange) {
                String problem = checked(exchange);
                if (problem != null) {
                    wrong.add(problem);
                    exchange.sendResponseHeaders(400, -1);
                    return;
                }
                JsonNode body = JSON.readTree(exchange.getRequestBody());
                String prompt = body.at("/messages/0/content").asText();
                String number = prompt.substring(prompt.lastIndexOf(' ') + 1);
                boolean right = prompt.startsWith("Answer") || Integer.parseInt(number) % 4 != 0;
                byte[] answer = ("{\"id\": \"chatcmpl-" + calls.incrementAndGet() + "\", \"object\":"
                        + " \"chat.completion\", \"created\": 1733011200, \"model\": \"gpt-4o-mini-2024-07-18\","
                        + " \"choices\": [{\"index\": 0, \"message\": {\"role\": \"assistant\", \"content\": \""
                        + (right ? "answer " + number : "no idea") + "\", \"refusal\": null}, \"logprobs\": null,"
                        + " \"finish_reason\": \"stop\"}], \"usage\": {\"prompt_tokens\": 12, \"completion_tokens\":"
                        + " 2, \"total_tokens\": 14}}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
                if (calls.get() == ROWS) stopAt.complete(null);
            }
        });
        server.start();
        String baseUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
        try {
            Process first = child("stopped.log", baseUrl);
            stopAt.get(10, TimeUnit.MINUTES);
            first.destroy(); // SIGTERM, as a CI job's timeout sends first
            String stopped = exited(first, "stopped.log");
            assertThat(first.exitValue()).as(stopped).isEqualTo(143);
            assertThat(stopped).contains("prompt-eval: the evaluation stopped; completed results are in the run"
                    + " journal");
            long made = calls.get();

            String resumed = finished(child("resumed.log", baseUrl), "resumed.log");
            // every answer the first child received was journaled: only the other calls are made again
            assertThat(calls.get() - made).as(resumed).isEqualTo(2L * ROWS - made);
            assertThat(resumed.lines().toList()).as(resumed).containsSubsequence(List.of(
                    "decision=PASS",
                    "candidate rows=" + ROWS + ", baseline rows=" + ROWS));
            assertReported(resumed);
            assertThat(wrong).isEmpty();
        } finally {
            server.stop(0);
        }
    }

    /** What is wrong with a request as OpenAI's API would see it, or null. */
    private static String checked(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) return "method " + exchange.getRequestMethod();
        if (!exchange.getRequestURI().getPath().equals("/v1/chat/completions")) {
            return "path " + exchange.getRequestURI().getPath();
        }
        if (!"Bearer sk-large-suite".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            return "no bearer key";
        }
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.startsWith("application/json")) return "content type " + type;
        return null;
    }

    /** Starts {@link LargeSuiteChild} on this test's project in a 64 MB heap. */
    private Process child(String logName, String... extra) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        var command = new ArrayList<>(List.of(java.toString(), "-Xmx64m", "-XX:+UseSerialGC",
                "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=" + dir, "-cp", System.getProperty("java.class.path"),
                LargeSuiteChild.class.getName(), dir.resolve("project").toString(), String.valueOf(ROWS)));
        command.addAll(List.of(extra));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve(logName).toFile())
                .start();
    }

    /** The child's output once it exited; a guard against a hung child, not a performance assertion. */
    private String exited(Process child, String logName) throws Exception {
        boolean exited = child.waitFor(10, TimeUnit.MINUTES);
        if (!exited) child.destroyForcibly();
        String output = Files.readString(dir.resolve(logName), StandardCharsets.UTF_8);
        assertThat(exited).as("child JVM still running after 10 minutes; output:%n%s", output).isTrue();
        return output;
    }

    private String finished(Process child, String logName) throws Exception {
        String output = exited(child, logName);
        assertThat(child.exitValue()).as("child JVM output:%n%s", output).isZero();
        return output;
    }

    private void assertReported(String output) throws Exception {
        assertThat(output).doesNotContain("missing");
        Path html = dir.resolve("project/target/report.html");
        assertThat(Files.readString(html)).contains((ROWS - 1000) + " more rows, all passing or unchanged, are not"
                + " listed.");
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no scratch file left behind")
                    .noneMatch(name -> name.startsWith("prompt-eval-rows-"));
        }
    }
}
