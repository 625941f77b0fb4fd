package dev.prompteval.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A nondeterministic model on loopback, speaking OpenAI's chat completions wire format: asked {@code q-17} it answers
 * {@code A-17}, except that every answer is independently wrong with a probability the prompt's system message sets,
 * as a hosted model answers the same question differently from call to call.
 *
 * <p>The system message carries the behaviour as {@code key=value} words, so that a candidate prompt can be made
 * worse than its baseline the way a real regression would be:
 * <ul>
 *   <li>{@code flip=0.1}: each answer is wrong with probability 0.1 (a fresh draw per call);</li>
 *   <li>{@code drop=0.1}: each answer is wrong with probability 0.1 more (a real, random 10-point drop);</li>
 *   <li>{@code broken=0.02 seed=7}: the rows whose hash with the seed falls below 0.02 are always answered wrong
 *       (a deterministic drop of, on average, 2 points: which rows depends on the seed).</li>
 * </ul>
 */
final class FlippingModel implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads;
    private final AtomicLong calls = new AtomicLong();

    FlippingModel(int threadCount) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        threads = Executors.newFixedThreadPool(threadCount, r -> {
            Thread t = new Thread(r, "flipping-model");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/v1/chat/completions", this::answer);
        server.start();
    }

    String baseUrl() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort()
                + "/v1";
    }

    long calls() {
        return calls.get();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            JsonNode request = JSON.readTree(body);
            String system = "";
            String question = "";
            for (JsonNode message : request.path("messages")) {
                String text = text(message.path("content"));
                if ("system".equals(message.path("role").asText())) system = text;
                else question = text.strip();
            }
            calls.incrementAndGet();
            byte[] reply = JSON.writeValueAsBytes(completion(request.path("model").asText(),
                    reply(directives(system), question)));
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        }
    }

    private static String reply(Map<String, String> directives, String question) {
        String correct = question.startsWith("q-") ? "A-" + question.substring(2) : "A";
        double broken = Double.parseDouble(directives.getOrDefault("broken", "0"));
        if (broken > 0) {
            long seed = Long.parseLong(directives.getOrDefault("seed", "0"));
            if (unit(seed, question) < broken) return "wrong";
        }
        double wrong = Double.parseDouble(directives.getOrDefault("flip", "0"))
                + Double.parseDouble(directives.getOrDefault("drop", "0"));
        return ThreadLocalRandom.current().nextDouble() < wrong ? "wrong" : correct;
    }

    /** A uniform number in [0, 1) fixed by the seed and the question. */
    private static double unit(long seed, String question) {
        long h = seed * 0x9E3779B97F4A7C15L ^ question.hashCode();
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (h >>> 11) * 0x1.0p-53;
    }

    private static Map<String, String> directives(String system) {
        Map<String, String> directives = new HashMap<>();
        for (String word : system.split("\\s+")) {
            int eq = word.indexOf('=');
            if (eq > 0) directives.put(word.substring(0, eq), word.substring(eq + 1));
        }
        return directives;
    }

    private static String text(JsonNode content) {
        if (content.isTextual()) return content.asText();
        var sb = new StringBuilder();
        for (JsonNode part : content) sb.append(part.path("text").asText());
        return sb.toString();
    }

    private static ObjectNode completion(String model, String answer) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "chatcmpl-flip").put("object", "chat.completion").put("created", 1_700_000_000L)
                .put("model", model);
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", answer);
        root.putObject("usage").put("prompt_tokens", 20).put("completion_tokens", 2).put("total_tokens", 22);
        return root;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
