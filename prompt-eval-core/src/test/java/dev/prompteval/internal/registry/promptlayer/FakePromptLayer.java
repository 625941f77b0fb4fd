package dev.prompteval.internal.registry.promptlayer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.HttpUrl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback PromptLayer that behaves as the real service is recorded to behave, not as our client expects:
 * <ul>
 *   <li>the path is percent-decoded before routing, so {@code /prompt-templates/support%2Fticket-classifier} is the
 *       four-segment path {@code /prompt-templates/support/ticket-classifier}, which no route matches: 404
 *       {@code {"detail": "Not Found"}} (FastAPI's answer for an unknown route; reported in prompt-layer-library
 *       issue #254 and the PRs linked from it);</li>
 *   <li>{@code GET /prompt-templates?name=} matches names case-insensitively and partially and is paginated
 *       (openapi.json, ListPromptTemplates: items, page, pages, has_next, next_num, ...);</li>
 *   <li>stored versions carry the defaults the server fills in (prompt-layer-js's zod schemas ChatPromptSchema,
 *       SystemMessageSchema, ... and the recorded template responses of prompt-layer-library's tests:
 *       {@code input_variables}, {@code template_format: "f-string"}, {@code name: null},
 *       {@code raw_request_display_role: ""}, {@code dataset_examples: []}, {@code functions: []},
 *       {@code tools: null}, {@code function_call}/{@code tool_choice: null}, model {@code parameters: {}} and
 *       {@code display_params: {}});</li>
 *   <li>writes answer 201 ({@code POST /rest/prompt-templates} and {@code POST /log-request}, whose only success
 *       status in openapi.json is 201) as well as 200;</li>
 *   <li>{@code @@@name@@@} snippet references are expanded unless {@code resolve_snippets=false};</li>
 *   <li>a protected label's PATCH is accepted but held for approval (the {@code prompt_template_label_change_requested}
 *       event of PromptLayer's webhook documentation): the label keeps pointing at its version;</li>
 *   <li>{@code POST /api/public/v2/requests/search} filters on {@code metadata key_equals} and returns metadata as
 *       an array of one-key objects, at most 25 per page, with the logged tokens, price and times, sorted by
 *       {@code request_start_time} when asked (openapi.json, SearchRequestLogsRequest and the
 *       SearchRequestLogsResponse example).</li>
 * </ul>
 * Every request must carry the API key; the fake answers 401 otherwise.
 */
public final class FakePromptLayer extends Dispatcher {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SNIPPET = Pattern.compile("@@@([^@]+)@@@");

    /** One prompt and its versions. */
    static final class Prompt {
        final long id;
        final String name;
        final List<ObjectNode> versions = new ArrayList<>();
        final Map<String, long[]> labels = new LinkedHashMap<>(); // label -> {label id, version number}

        Prompt(long id, String name) {
            this.id = id;
            this.name = name;
        }
    }

    private final String apiKey;
    private final Map<String, Prompt> prompts = new LinkedHashMap<>();
    private final Set<String> protectedLabels = new HashSet<>();
    private final AtomicInteger nextId = new AtomicInteger(100);
    /** Every logged request body, in order; its id is its index + 1. */
    public final List<ObjectNode> logged = new CopyOnWriteArrayList<>();
    /** Every tracked score: request id, name, score. */
    public final Map<String, Integer> scores = new LinkedHashMap<>();
    /** Every request received, method and decoded path. */
    public final List<String> requests = new CopyOnWriteArrayList<>();
    private int dropLogAnswersAfter = Integer.MAX_VALUE;

    public FakePromptLayer(String apiKey) {
        this.apiKey = apiKey;
    }

    /** Starts a server on a loopback port that answers with this fake. */
    public MockWebServer start() throws IOException {
        MockWebServer server = new MockWebServer();
        server.setDispatcher(this);
        server.start();
        return server;
    }

    /** Makes a label protected: changes to it wait for approval. */
    public synchronized void protect(String label) {
        protectedLabels.add(label);
    }

    /**
     * After {@code count} more log-request calls, each further one is processed (the entry is created) but the
     * connection breaks before the answer: the client cannot know whether it landed.
     */
    public synchronized void breakLogAnswersAfter(int count) {
        dropLogAnswersAfter = logged.size() + count;
    }

    public synchronized void healLogAnswers() {
        dropLogAnswersAfter = Integer.MAX_VALUE;
    }

    /** Adds a prompt version directly, as if published in PromptLayer's UI; returns the version number. */
    public synchronized int seed(String name, String promptTemplateJson, String metadataJson) {
        try {
            ObjectNode version = JSON.createObjectNode();
            version.set("prompt_template", JSON.readTree(promptTemplateJson));
            if (metadataJson != null) version.set("metadata", JSON.readTree(metadataJson));
            return store(name, version).versions.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized Prompt prompt(String name) {
        return prompts.get(name);
    }

    public synchronized Integer label(String name, String label) {
        Prompt prompt = prompts.get(name);
        long[] entry = prompt == null ? null : prompt.labels.get(label);
        return entry == null ? null : (int) entry[1];
    }

    @Override
    public synchronized MockResponse dispatch(RecordedRequest request) {
        HttpUrl url = request.getUrl();
        // the real service decodes %2F before it routes: a name with '/' becomes extra path segments
        String path = URLDecoder.decode(url.encodedPath().replace("+", "%2B"), StandardCharsets.UTF_8);
        String method = request.getMethod();
        requests.add(method + " " + path);
        if (!apiKey.equals(request.getHeaders().get("X-API-KEY"))) {
            return json(401, "{\"success\": false, \"message\": \"Invalid API key\"}");
        }
        String[] s = path.substring(1).split("/");
        JsonNode body = null;
        try {
            String text = request.getBody() == null ? "" : request.getBody().utf8();
            body = text.isEmpty() ? null : JSON.readTree(text);
        } catch (IOException e) {
            return json(422, "{\"detail\": [{\"loc\": [\"body\"], \"msg\": \"JSON decode error\"}]}");
        }
        if (method.equals("GET") && s.length == 1 && s[0].equals("prompt-templates")) return list(url);
        if (method.equals("GET") && s.length == 2 && s[0].equals("prompt-templates")) return raw(s[1], url);
        if (method.equals("GET") && s.length == 3 && s[0].equals("prompt-templates") && s[2].equals("labels")) {
            return labels(s[1]);
        }
        if (method.equals("POST") && path.equals("/rest/prompt-templates")) return publish(body);
        if (method.equals("POST") && s.length == 3 && s[0].equals("prompts") && s[2].equals("label")) {
            return createLabel(s[1], body);
        }
        if (method.equals("PATCH") && s.length == 2 && s[0].equals("prompt-labels")) return moveLabel(s[1], body);
        if (method.equals("POST") && path.equals("/log-request")) return log(body);
        if (method.equals("POST") && path.equals("/rest/track-score")) return trackScore(body);
        if (method.equals("POST") && path.equals("/api/public/v2/requests/search")) return search(body);
        return json(404, "{\"detail\": \"Not Found\"}");
    }

    private MockResponse list(HttpUrl url) {
        String filter = url.queryParameter("name");
        int page = intParam(url, "page", 1);
        int perPage = intParam(url, "per_page", 30);
        List<Prompt> matching = prompts.values().stream().filter(p -> filter == null
                || p.name.toLowerCase(Locale.ROOT).contains(filter.toLowerCase(Locale.ROOT))).toList();
        int pages = Math.max(1, (matching.size() + perPage - 1) / perPage);
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode items = answer.putArray("items");
        for (Prompt p : matching.subList(Math.min(matching.size(), (page - 1) * perPage),
                Math.min(matching.size(), page * perPage))) {
            ObjectNode latest = versionAnswer(p, p.versions.size(), true);
            latest.putArray("external_ids");
            items.add(latest);
        }
        answer.put("page", page).put("pages", pages).put("per_page", perPage).put("total", matching.size());
        answer.put("has_next", page < pages).put("has_prev", page > 1);
        if (page < pages) answer.put("next_num", page + 1); else answer.putNull("next_num");
        if (page > 1) answer.put("prev_num", page - 1); else answer.putNull("prev_num");
        return json(200, answer.toString());
    }

    private MockResponse raw(String identifier, HttpUrl url) {
        Prompt prompt = find(identifier);
        if (prompt == null) return notFound();
        int number = prompt.versions.size();
        if (url.queryParameter("version") != null) number = Integer.parseInt(url.queryParameter("version"));
        if (url.queryParameter("label") != null) {
            long[] label = prompt.labels.get(url.queryParameter("label"));
            if (label == null) return notFound();
            number = (int) label[1];
        }
        if (number < 1 || number > prompt.versions.size()) return notFound();
        boolean resolve = !"false".equals(url.queryParameter("resolve_snippets"));
        return json(200, versionAnswer(prompt, number, resolve).toString());
    }

    private ObjectNode versionAnswer(Prompt prompt, int number, boolean resolveSnippets) {
        ObjectNode stored = prompt.versions.get(number - 1);
        ObjectNode answer = JSON.createObjectNode();
        answer.put("success", true).put("id", prompt.id).put("prompt_name", prompt.name).put("version", number)
                .put("workspace_id", 42);
        ObjectNode template = stored.get("prompt_template").deepCopy();
        if (resolveSnippets) resolveSnippets(template);
        answer.set("prompt_template", template);
        answer.set("metadata", stored.path("metadata").isMissingNode() ? null : stored.get("metadata"));
        answer.set("commit_message", stored.get("commit_message"));
        answer.putArray("tags");
        answer.put("created_at", "2025-03-15T10:30:00Z");
        answer.putArray("snippets");
        answer.putNull("llm_kwargs");
        return answer;
    }

    private void resolveSnippets(JsonNode node) {
        if (node instanceof ObjectNode object) {
            JsonNode text = object.get("text");
            if (text != null && text.isTextual()) {
                Matcher m = SNIPPET.matcher(text.asText());
                StringBuilder out = new StringBuilder();
                while (m.find()) {
                    Prompt snippet = prompts.get(m.group(1));
                    String replacement = snippet == null ? m.group() : snippet.versions.get(snippet.versions.size() - 1)
                            .path("prompt_template").path("content").path(0).path("text").asText();
                    m.appendReplacement(out, Matcher.quoteReplacement(replacement));
                }
                m.appendTail(out);
                object.put("text", out.toString());
            }
            object.elements().forEachRemaining(this::resolveSnippets);
        } else if (node instanceof ArrayNode array) {
            array.elements().forEachRemaining(this::resolveSnippets);
        }
    }

    private MockResponse labels(String identifier) {
        Prompt prompt = find(identifier);
        if (prompt == null) return json(404, "{\"detail\": \"Not Found\"}");
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode labels = answer.putArray("release_labels");
        prompt.labels.forEach((name, entry) -> labels.addObject().put("prompt_version_id", 1000 + entry[1])
                .put("prompt_version_number", entry[1]).put("release_label", name).put("release_label_id", entry[0]));
        return json(200, answer.toString());
    }

    private MockResponse publish(JsonNode body) {
        String name = body == null ? null : body.path("prompt_template").path("prompt_name").asText(null);
        JsonNode version = body == null ? null : body.get("prompt_version");
        if (name == null || version == null || !version.path("prompt_template").isObject()) {
            return json(422, "{\"detail\": [{\"loc\": [\"body\", \"prompt_version\", \"prompt_template\"],"
                    + " \"msg\": \"Field required\", \"type\": \"missing\"}]}");
        }
        Prompt prompt = store(name, (ObjectNode) version.deepCopy());
        int number = prompt.versions.size();
        ArrayNode released = JSON.createArrayNode();
        for (JsonNode label : body.path("release_labels")) {
            if (setLabel(prompt, label.asText(), number)) released.add(label.asText());
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.put("id", prompt.id).put("prompt_name", name).put("prompt_version_id", 1000 + number)
                .put("version_number", number);
        answer.putArray("tags");
        answer.set("release_labels", released);
        answer.set("prompt_template", prompt.versions.get(number - 1).get("prompt_template"));
        answer.set("metadata", prompt.versions.get(number - 1).get("metadata"));
        answer.set("commit_message", prompt.versions.get(number - 1).get("commit_message"));
        answer.putArray("external_ids");
        return json(201, answer.toString());
    }

    private Prompt store(String name, ObjectNode version) {
        Prompt prompt = prompts.computeIfAbsent(name, n -> new Prompt(nextId.incrementAndGet(), n));
        fillDefaults(version);
        prompt.versions.add(version);
        return prompt;
    }

    /** The defaults PromptLayer fills into a stored version (see the class comment for the sources). */
    private static void fillDefaults(ObjectNode version) {
        ObjectNode template = (ObjectNode) version.get("prompt_template");
        Set<String> all = new java.util.LinkedHashSet<>();
        if ("completion".equals(template.path("type").asText())) {
            template.put("template_format", template.path("template_format").asText("f-string"));
            all.addAll(variables(template.path("content")));
        } else {
            for (JsonNode m : template.path("messages")) {
                ObjectNode message = (ObjectNode) m;
                List<String> used = variables(message.path("content"));
                all.addAll(used);
                if (!message.has("input_variables")) message.set("input_variables", JSON.valueToTree(used));
                if (!message.has("template_format")) message.put("template_format", "f-string");
                if (!message.has("name")) message.putNull("name");
                if (!message.has("raw_request_display_role")) message.put("raw_request_display_role", "");
                if (!message.has("dataset_examples")) message.putArray("dataset_examples");
                if (message.path("role").asText().equals("assistant") && !message.has("tool_calls")) {
                    message.putArray("tool_calls");
                }
                // openapi.json's defaults: PlaceholderMessage content null, ImageContent image_variable null
                if (message.path("role").asText().equals("placeholder") && !message.has("content")) {
                    message.putNull("content");
                }
                for (JsonNode block : message.path("content")) {
                    if (block instanceof ObjectNode b && "image_url".equals(b.path("type").asText())
                            && !b.has("image_variable")) {
                        b.putNull("image_variable");
                    }
                }
            }
            if (!template.has("functions")) template.putArray("functions");
            if (!template.has("tools")) template.putNull("tools");
            if (!template.has("function_call")) template.putNull("function_call");
            if (!template.has("tool_choice")) template.putNull("tool_choice");
            if (!template.has("dataset_examples")) template.putArray("dataset_examples");
        }
        if (!template.has("input_variables")) template.set("input_variables", JSON.valueToTree(List.copyOf(all)));
        if (version.path("metadata").get("model") instanceof ObjectNode model) {
            if (!model.has("parameters")) model.putObject("parameters");
            if (!model.has("display_params")) model.putObject("display_params");
        }
        if (!version.has("commit_message")) version.putNull("commit_message");
    }

    private static List<String> variables(JsonNode content) {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("(?<!\\{)\\{([A-Za-z_][A-Za-z0-9_]*)}(?!})").matcher("");
        for (JsonNode block : content) {
            m.reset(block.path("text").asText(""));
            while (m.find()) if (!names.contains(m.group(1))) names.add(m.group(1));
        }
        return names;
    }

    private boolean setLabel(Prompt prompt, String label, int number) {
        long[] entry = prompt.labels.get(label);
        if (entry != null && protectedLabels.contains(label)) return false; // held for approval
        if (entry == null) prompt.labels.put(label, new long[]{nextId.incrementAndGet(), number});
        else entry[1] = number;
        return true;
    }

    private MockResponse createLabel(String promptId, JsonNode body) {
        Prompt prompt = find(promptId);
        if (prompt == null || !promptId.chars().allMatch(Character::isDigit)) return notFound();
        int number = body.path("prompt_version_number").asInt();
        String name = body.path("name").asText();
        if (number < 1 || number > prompt.versions.size()) return notFound();
        if (prompt.labels.containsKey(name)) {
            return json(400, "{\"success\": false, \"message\": \"Label already exists\"}");
        }
        setLabel(prompt, name, number);
        return json(200, labelAnswer(prompt, name));
    }

    private MockResponse moveLabel(String labelId, JsonNode body) {
        for (Prompt prompt : prompts.values()) {
            for (Map.Entry<String, long[]> entry : prompt.labels.entrySet()) {
                if (Long.toString(entry.getValue()[0]).equals(labelId)) {
                    int number = body.path("prompt_version_number").asInt();
                    if (number < 1 || number > prompt.versions.size()) return notFound();
                    setLabel(prompt, entry.getKey(), number);
                    return json(200, labelAnswer(prompt, entry.getKey()));
                }
            }
        }
        return notFound();
    }

    private static String labelAnswer(Prompt prompt, String label) {
        long[] entry = prompt.labels.get(label);
        return JSON.createObjectNode().put("created_at", "2025-03-15T10:30:00Z").put("id", entry[0])
                .put("name", label).put("prompt_id", prompt.id).put("prompt_version_id", 1000 + entry[1]).toString();
    }

    private MockResponse log(JsonNode body) {
        for (String field : List.of("provider", "model", "input", "output", "request_start_time",
                "request_end_time")) {
            if (body == null || !body.has(field)) {
                return json(422, "{\"detail\": [{\"loc\": [\"body\", \"" + field + "\"], \"msg\": \"Field required\","
                        + " \"type\": \"missing\"}]}");
            }
        }
        logged.add((ObjectNode) body.deepCopy());
        String answer = "{\"id\": " + logged.size() + ", \"prompt_version\": null, \"status\": \"SUCCESS\","
                + " \"error_type\": null, \"error_message\": null}";
        if (logged.size() > dropLogAnswersAfter) {
            return new MockResponse.Builder().code(201).body(answer)
                    .onResponseStart(new SocketEffect.CloseSocket()).build();
        }
        return json(201, answer);
    }

    private MockResponse trackScore(JsonNode body) {
        long id = body.path("request_id").asLong();
        if (id < 1 || id > logged.size()) return json(400, "{\"success\": false, \"message\": \"Request not found\"}");
        scores.put(id + "/" + body.path("name").asText("default"), body.path("score").asInt());
        return json(200, "{\"success\": true}");
    }

    private MockResponse search(JsonNode body) {
        List<Integer> matching = new ArrayList<>();
        for (int i = 0; i < logged.size(); i++) {
            boolean all = true;
            for (JsonNode filter : body.path("filter_group").path("filters")) {
                if (!filter.path("field").asText().equals("metadata")
                        || !filter.path("operator").asText().equals("key_equals")) {
                    return json(400, "{\"success\": false, \"message\": \"unsupported filter in this fake\"}");
                }
                JsonNode value = logged.get(i).path("metadata").path(filter.path("nested_key").asText());
                all &= value.asText().equals(filter.path("value").asText());
            }
            if (all) matching.add(i);
        }
        if (body.path("sort_by").asText().equals("request_start_time")) {
            // ISO-8601 instants of one format sort as text; ties keep the order they were logged in
            java.util.Comparator<Integer> byStart = java.util.Comparator.comparing(
                    i -> logged.get(i).path("request_start_time").asText());
            matching.sort(body.path("sort_order").asText().equals("desc") ? byStart.reversed() : byStart);
        } else if (body.has("sort_by")) {
            return json(400, "{\"success\": false, \"message\": \"unsupported sort in this fake\"}");
        }
        int perPage = Math.min(25, body.path("per_page").asInt(10));
        int page = body.path("page").asInt(1);
        int pages = Math.max(1, (matching.size() + perPage - 1) / perPage);
        ObjectNode answer = JSON.createObjectNode().put("success", true);
        ArrayNode items = answer.putArray("items");
        for (int i : matching.subList(Math.min(matching.size(), (page - 1) * perPage),
                Math.min(matching.size(), page * perPage))) {
            JsonNode log = logged.get(i);
            ObjectNode item = items.addObject().put("id", i + 1).put("engine", log.path("model").asText())
                    .put("provider_type", log.path("provider").asText())
                    .put("input_tokens", log.path("input_tokens").asLong(0))
                    .put("output_tokens", log.path("output_tokens").asLong(0))
                    .put("price", log.path("price").asDouble(0))
                    .put("request_start_time", log.path("request_start_time").asText())
                    .put("request_end_time", log.path("request_end_time").asText());
            ArrayNode metadata = item.putArray("metadata");
            logged.get(i).path("metadata").fields().forEachRemaining(e -> metadata.addObject().set(e.getKey(),
                    e.getValue()));
            item.putArray("scores");
        }
        answer.put("page", page).put("pages", pages).put("per_page", perPage).put("total", matching.size())
                .put("has_next", page < pages).put("has_prev", page > 1);
        return json(200, answer.toString());
    }

    private Prompt find(String identifier) {
        for (Prompt p : prompts.values()) {
            if (Long.toString(p.id).equals(identifier) || p.name.equals(identifier)) return p;
        }
        return null;
    }

    private static int intParam(HttpUrl url, String name, int otherwise) {
        String value = url.queryParameter(name);
        return value == null ? otherwise : Integer.parseInt(value);
    }

    private static MockResponse notFound() {
        return json(404, "{\"success\": false, \"message\": \"Prompt template not found\"}");
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }
}
