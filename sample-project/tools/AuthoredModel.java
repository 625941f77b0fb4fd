import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.prompteval.internal.dataset.AssertionTypes;
import dev.prompteval.internal.dataset.Dataset;
import dev.prompteval.dataset.Row;
import dev.prompteval.internal.dataset.RowReader;
import dev.prompteval.internal.score.Scorers;
import dev.prompteval.template.ChatMessage;
import dev.prompteval.internal.template.PromptTemplate;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The authoring aid behind the sample's recordings: an OpenAI-compatible chat completions server on loopback that
 * answers each rendered (prompt version, row) request with the output authored for it in
 * src/test/prompt-eval/authored-outputs/. The sample's recordings are made by running the real plugin in record
 * mode against it (see tools/record.sh), so they hold exactly the requests prompt-eval sends.
 *
 * Run from sample-project/: java -cp CORE_CLASSPATH tools/AuthoredModel.java PORT
 */
public class AuthoredModel {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Map<String, String> answers = new HashMap<>();
        for (String prompt : new String[] {"ticket-classifier", "order-summary"}) {
            Path registry = Path.of("prompt-registry/support", prompt);
            int prod = JSON.readTree(registry.resolve("labels.json").toFile()).get("prod").asInt();
            load(answers, prompt, "prod", PromptTemplate.read(registry.resolve("versions/" + prod + ".json")));
            load(answers, prompt, "candidate", PromptTemplate.read(Path.of("src/main/prompts", prompt + ".json")));
            Path regressed = Path.of("src/main/prompts/regressed", prompt + ".json");
            if (Files.exists(regressed)) load(answers, prompt, "regressed", PromptTemplate.read(regressed));
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            String answer = answers.get(key(request.get("messages")));
            byte[] body;
            int status;
            if (answer == null) {
                status = 400;
                body = "{\"error\": {\"message\": \"no authored output for this request\", \"type\": \"invalid_request_error\"}}"
                        .getBytes(StandardCharsets.UTF_8);
            } else {
                status = 200;
                ObjectNode response = JSON.createObjectNode().put("id", "chatcmpl-authored")
                        .put("object", "chat.completion").put("model", request.path("model").asText());
                ObjectNode choice = response.putArray("choices").addObject().put("index", 0)
                        .put("finish_reason", "stop");
                choice.putObject("message").put("role", "assistant").put("content", answer);
                int in = request.get("messages").toString().length() / 4;
                int out = Math.max(1, answer.length() / 4);
                response.putObject("usage").put("prompt_tokens", in).put("completion_tokens", out)
                        .put("total_tokens", in + out);
                body = JSON.writeValueAsBytes(response);
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        System.out.println("authored model serving " + answers.size() + " answers on http://127.0.0.1:" + port + "/v1");
    }

    private static void load(Map<String, String> answers, String prompt, String variant, PromptTemplate template)
            throws Exception {
        Map<String, String> outputs = new HashMap<>();
        try (Reader reader = Files.newBufferedReader(Path.of("src/test/prompt-eval/authored-outputs",
                prompt + "." + variant + ".csv"))) {
            for (CSVRecord record : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build()
                    .parse(reader)) {
                outputs.put(record.get("__id"), record.get("output"));
            }
        }
        AssertionTypes types = Scorers.defaults();
        try (RowReader rows = Dataset.open(Path.of("src/test/prompt-eval/datasets", prompt + ".csv"), types).rows()) {
            while (rows.hasNext()) {
                Row row = rows.next();
                String output = outputs.get(row.id());
                if (output == null) throw new IllegalStateException(prompt + "." + variant + ": no output for " + row.id());
                ArrayNode messages = JSON.createArrayNode();
                for (ChatMessage m : template.render(row.variables()).messages()) {
                    messages.addObject().put("role", m.role()).put("content", m.content());
                }
                answers.put(key(messages), output);
            }
        }
    }

    private static String key(JsonNode messages) {
        StringBuilder key = new StringBuilder();
        for (JsonNode m : messages) key.append(m.path("role").asText()).append('\u0000').append(m.path("content").asText()).append('\u0001');
        return key.toString();
    }
}
