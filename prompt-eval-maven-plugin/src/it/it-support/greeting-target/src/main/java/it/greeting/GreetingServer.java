package it.greeting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.prompteval.template.ChatMessage;
import dev.prompteval.template.ModelSpec;
import dev.prompteval.template.RenderedPrompt;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The greeting target behind an OpenAI-compatible {@code POST /v1/chat/completions} on loopback. Only for making
 * the committed recordings of the replayed integration test (see its README.md): prompt-eval records through its
 * real HTTP provider, so the recordings hold exactly the requests it sends. Not used when the tests run.
 * <p>
 * Run: {@code java -cp greeting-target.jar:<prompt-eval-core and its dependencies> it.greeting.GreetingServer PORT}
 */
public final class GreetingServer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private GreetingServer() {
    }

    public static void main(String[] args) throws IOException {
        GreetingTarget target = new GreetingTarget();
        HttpServer server = HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            List<ChatMessage> messages = new ArrayList<>();
            for (JsonNode message : request.path("messages")) {
                messages.add(new ChatMessage(message.path("role").asText(), message.path("content").asText()));
            }
            String model = request.path("model").asText();
            String answer = target.respond(new RenderedPrompt(messages, new ModelSpec("openai-compatible", model,
                    Map.of()), false));
            ObjectNode response = JSON.createObjectNode().put("id", "chatcmpl-greeting").put("object",
                    "chat.completion").put("model", model);
            ObjectNode choice = response.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
            choice.putObject("message").put("role", "assistant").put("content", answer);
            response.putObject("usage").put("prompt_tokens", 0).put("completion_tokens", 0);
            byte[] body = JSON.writeValueAsBytes(response);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        System.out.println("greeting model on http://127.0.0.1:" + args[0] + "/v1");
    }
}
