package dev.prompteval.internal.registry.promptlayer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prompteval.internal.registry.EvalRunRecord.RowOutcome;
import dev.prompteval.internal.registry.EvalRunRecord.SentMessage;
import dev.prompteval.internal.registry.EvalRunRecord;
import dev.prompteval.internal.registry.LabelMove;
import dev.prompteval.internal.registry.PromptReference;
import dev.prompteval.internal.registry.RegistryException.Kind;
import dev.prompteval.internal.registry.RegistryException;
import dev.prompteval.internal.registry.RegistryPrompt;
import dev.prompteval.internal.registry.StoredResults;
import dev.prompteval.internal.template.PromptTemplate;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The client against {@link FakePromptLayer}, which behaves as PromptLayer is recorded to behave (decodes {@code %2F}
 * before routing, fills defaults in, answers 201, holds protected labels for approval), with the prompt name the
 * sample project uses.
 */
class PromptLayerLoopbackTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String KEY = "pl_loopback_0123456789";
    static final String NAME = "support/ticket-classifier";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
    static final String FILE = """
            {"prompt_template": {"type": "chat", "messages": [
               {"role": "system", "content": "Classify support tickets. @@@support/house-style@@@"},
               {"role": "user", "content": [{"type": "text", "text": "Ticket: {ticket}"}]}],
              "tools": [{"type": "function", "function": {"name": "route", "description": "Route the ticket",
                 "parameters": {"type": "object", "properties": {"queue": {"type": "string"}}}}}]},
             "metadata": {"model": {"provider": "openai", "name": "gpt-4o-mini", "parameters": {"temperature": 0}},
                          "owner": "support-team"}}
            """;

    final FakePromptLayer fake = new FakePromptLayer(KEY);
    MockWebServer server;

    @BeforeEach
    void start() throws Exception {
        server = fake.start();
        // names that contain the prompt's name, so the partial name filter returns them first, over two pages
        for (int i = 0; i < 120; i++) fake.seed(NAME + "-draft-" + i, "{\"type\": \"completion\", \"content\": []}", null);
        fake.seed("support/house-style", "{\"type\": \"completion\", \"content\": [{\"type\": \"text\","
                + " \"text\": \"Be polite.\"}]}", null);
        fake.seed(NAME, """
                {"type": "chat", "messages": [
                  {"role": "system", "content": [{"type": "text", "text": "Classify support tickets."}]},
                  {"role": "user", "content": [{"type": "text", "text": "Ticket: {ticket}"}]}]}
                """, "{\"model\": {\"provider\": \"openai\", \"name\": \"gpt-4o-mini\"}}");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    PromptLayerRegistry registry() {
        return PromptLayerRegistry.builder().apiKey(KEY).baseUrl(server.url("/").toString())
                .httpClient(new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).build())
                .backoff(Duration.ofMillis(1), d -> { }, () -> 0.5)
                .clock(CLOCK)
                .build();
    }

    @Test
    void aPromptWithASlashIsFetchedPublishedOnceLabelledAndPulledLosslessly() throws Exception {
        PromptLayerRegistry registry = registry();

        RegistryPrompt fetched = registry.get(NAME, new PromptReference.Latest());
        assertThat(fetched.version()).isEqualTo(1);
        assertThat(fetched.template().render(Map.of("ticket", "refund?")).messages().get(1).content())
                .isEqualTo("Ticket: refund?");
        // the server-filled defaults are gone: what is left is what a person wrote
        assertThat(fetched.template().toJson().toString()).doesNotContain("raw_request_display_role",
                "dataset_examples", "template_format", "input_variables", "display_params");

        PromptTemplate file = PromptTemplate.parse(FILE, "ticket-classifier.json");
        assertThat(registry.publish(NAME, file, "Route with a tool", List.of(), 1)).isEqualTo(2);
        // a CI retry publishes the same file again: the server's copy, defaults and all, is the same content
        assertThat(registry().publish(NAME, file, "Route with a tool", List.of(), 1)).isEqualTo(2);
        assertThat(fake.prompt(NAME).versions).hasSize(2);

        assertThat(registry.moveLabel(NAME, "prod", 2)).isEqualTo(LabelMove.MOVED);
        assertThat(registry.moveLabel(NAME, "prod", 2)).isEqualTo(LabelMove.UNCHANGED);
        assertThat(registry.listLabels(NAME)).containsExactly(Map.entry("prod", 2));

        RegistryPrompt pulled = registry.getSource(NAME, PromptReference.parse("label:prod"));
        assertThat(pulled.version()).isEqualTo(2);
        assertThat(pulled.labels()).containsExactly("prod");
        // lossless: the pulled file is the published file (content shorthand expanded), snippet still a reference
        JsonNode expected = JSON.readTree(FILE);
        ((com.fasterxml.jackson.databind.node.ObjectNode) expected.get("prompt_template")).set("messages",
                JSON.readTree(file.expandedPromptTemplate().get("messages").toString()));
        assertThat(pulled.template().toJson()).isEqualTo(addCommit(expected, "Route with a tool"));
        assertThat(pulled.template().toPrettyJson()).contains("@@@support/house-style@@@");
        // evaluation gets the snippet expanded
        assertThat(registry.get(NAME, PromptReference.parse("label:prod")).template()
                .render(Map.of("ticket", "x")).messages().get(0).content())
                .isEqualTo("Classify support tickets. Be polite.");

        // no name ever went into a path: PromptLayer would have decoded its %2F and answered 404
        assertThat(fake.requests).noneMatch(r -> r.contains("/support/"));
        assertThat(fake.requests).noneMatch(r -> r.contains("ticket-classifier") && !r.startsWith("GET /prompt-templates"));
    }

    @Test
    void aFileThatDiffersOnlyByDefaultsTheServerFillsIsNoNewVersion() {
        PromptTemplate explicit = PromptTemplate.parse("""
                {"prompt_template": {"type": "chat", "input_variables": ["ticket"], "functions": [], "tools": null,
                  "dataset_examples": [], "messages": [
                  {"role": "system", "content": [{"type": "text", "text": "Classify support tickets."}],
                   "template_format": "f-string", "name": null, "raw_request_display_role": "",
                   "dataset_examples": [], "input_variables": []},
                  {"role": "user", "content": [{"type": "text", "text": "Ticket: {ticket}"}]}]},
                 "metadata": {"model": {"provider": "openai", "name": "gpt-4o-mini", "parameters": {}}}}
                """, "explicit.json");

        assertThat(registry().publish(NAME, explicit, "same", List.of(), null)).isEqualTo(1);
        assertThat(fake.prompt(NAME).versions).hasSize(1);

        PromptTemplate jinja = PromptTemplate.parse("""
                {"prompt_template": {"type": "chat", "messages": [
                  {"role": "system", "content": [{"type": "text", "text": "Classify support tickets."}]},
                  {"role": "user", "content": [{"type": "text", "text": "Ticket: {{ ticket }}"}],
                   "template_format": "jinja2"}]},
                 "metadata": {"model": {"provider": "openai", "name": "gpt-4o-mini"}}}
                """, "jinja.json");
        assertThat(registry().publish(NAME, jinja, "jinja", List.of(), 1)).isEqualTo(2);
    }

    @Test
    void aProtectedLabelIsReportedAsPendingApprovalAndStaysWhereItWas() {
        PromptLayerRegistry registry = registry();
        registry.moveLabel(NAME, "prod", 1);
        registry.publish(NAME, PromptTemplate.parse(FILE, "f.json"), "v2", List.of(), 1);
        fake.protect("prod");

        assertThat(registry.moveLabel(NAME, "prod", 2)).isEqualTo(LabelMove.PENDING_APPROVAL);
        assertThat(fake.label(NAME, "prod")).isEqualTo(1);
        assertThat(registry.listLabels(NAME)).containsEntry("prod", 1);
    }

    @Test
    void anUnknownNameIsNotFoundEvenWhenOthersContainIt() {
        assertThatThrownBy(() -> registry().get("support/ticket", new PromptReference.Latest()))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND))
                .hasMessageContaining("PromptLayer has no prompt named \"support/ticket\"");
        assertThat(registry().listVersions("support/ticket")).isEmpty();
        assertThat(registry().listLabels("support/ticket")).isEmpty();
        assertThatThrownBy(() -> registry().get(NAME, PromptReference.parse("version:7")))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
    }

    @Test
    void theNewestStoredRunOfASuiteIsFoundForPlanningTheNextRun() {
        RegistryPrompt version = registry().get(NAME, PromptReference.parse("version:1"));
        pushAt("2026-12-01T10:00:00Z", "run-old", version, 0.02);
        pushAt("2026-12-01T11:00:00Z", "run-new", version, 0.01);
        pushAt("2026-12-01T12:00:00Z", "run-other-content", null, 0.05);

        StoredResults stored = registry().latestResults(version, "tickets").orElseThrow();

        assertThat(stored.runId()).isEqualTo("run-new");
        assertThat(stored.rows()).isEqualTo(30);
        assertThat(stored.meanInputTokens()).isEqualTo(120.0);
        assertThat(stored.meanOutputTokens()).isEqualTo(3.0);
        assertThat(stored.differenceSd()).isCloseTo(0.01 * Math.sqrt(100), within(1e-12));
        assertThat(registry().latestResults(version, "another-suite")).isEmpty();
    }

    /** Pushes a 30-row run of suite tickets at a time; {@code version} null pushes other content's results. */
    private void pushAt(String time, String runId, RegistryPrompt version, double decisionStandardError) {
        List<RowOutcome> rows = IntStream.rangeClosed(1, 30).mapToObj(n -> new RowOutcome("r" + n, 1.0, true,
                "billing", Map.of(), Map.of("ticket", "ticket " + n), null, List.of(), 120, 3, 0.00042, 850))
                .toList();
        var summary = FakePromptLayer.JSON.createObjectNode();
        summary.putArray("comparisons").addObject().put("metric", "score")
                .put("decisionStandardError", decisionStandardError).put("n", 100).put("clusters", 100);
        EvalRunRecord run = new EvalRunRecord("tickets", runId, "PASS", "sha256:d", "abc",
                version == null ? "sha256:other" : version.template().contentHash(), rows, summary);
        PromptLayerRegistry.builder().apiKey(KEY).baseUrl(server.url("/").toString())
                .backoff(Duration.ofMillis(1), d -> { }, () -> 0.5)
                .clock(Clock.fixed(Instant.parse(time), ZoneOffset.UTC)).build()
                .pushResults(NAME, 1, run);
    }

    @Test
    void aCrashMidPushThenARePushLogsEveryRowExactlyOnce() {
        List<RowOutcome> rows = IntStream.rangeClosed(1, 30).mapToObj(n -> new RowOutcome("r" + n, 0.5, n % 2 == 0,
                "billing", Map.of("accuracy", 1.0), Map.of("ticket", "ticket " + n), null,
                List.of(new SentMessage("system", "Classify support tickets."),
                        new SentMessage("user", "Ticket: ticket " + n)), 120, 3, 0.00042, 850)).toList();
        EvalRunRecord run = new EvalRunRecord("tickets", "run-7", "PASS", "sha256:d", "abc", "sha256:c", rows, null);
        fake.breakLogAnswersAfter(12); // the 13th row is logged but its answer is lost; the push stops there

        assertThatThrownBy(() -> PromptLayerRegistry.builder().apiKey(KEY).baseUrl(server.url("/").toString())
                .backoff(Duration.ofMillis(1), d -> { }, () -> 0.5).pushConcurrency(1).clock(CLOCK).build()
                .pushResults(NAME, 1, run))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.getMessage()).contains("pushed 12 of 30 rows", "1 failed and 17 were not sent",
                                "may or may not have been applied, so it was not sent again"));
        assertThat(fake.logged).hasSize(13);

        fake.healLogAnswers();
        registry().pushResults(NAME, 1, run);

        List<String> loggedRows = new ArrayList<>();
        fake.logged.forEach(b -> loggedRows.add(b.at("/metadata/row_id").asText()));
        assertThat(loggedRows).hasSize(30).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(rows.stream().map(RowOutcome::rowId).toList());
        // the row whose answer was lost still got its named score on the entry that landed
        assertThat(fake.scores).hasSize(30).containsEntry("13/accuracy", 100);

        JsonNode first = fake.logged.get(0);
        assertThat(first.at("/input/messages/1/content/0/text").asText()).isEqualTo("Ticket: ticket 1");
        assertThat(first.toString()).doesNotContain("{ticket}");
        assertThat(first.path("input_tokens").asLong()).isEqualTo(120);
        assertThat(first.path("output_tokens").asLong()).isEqualTo(3);
        assertThat(first.path("price").asDouble()).isEqualTo(0.00042);
        assertThat(first.path("request_start_time").asText()).isEqualTo("2026-12-01T09:59:59.150Z");
        assertThat(first.path("request_end_time").asText()).isEqualTo("2026-12-01T10:00:00Z");
        assertThat(first.path("prompt_id").asLong()).isEqualTo(fake.prompt(NAME).id);
        assertThat(first.has("prompt_name")).isFalse();
    }

    @Test
    void aPushedRowCarriesTheImagesThatWereSentAsImageUrlBlocks() throws Exception {
        var image = new dev.prompteval.template.ChatMessage.ImageUrl("https://example.com/ticket-7.png", "low");
        RowOutcome row = new RowOutcome("r7", 1.0, true, "billing", Map.of(), Map.of("ticket", "see picture"), null,
                List.of(new SentMessage("user", "Ticket: see picture", List.of(image))), 300, 3, 0.001, 900);
        EvalRunRecord run = new EvalRunRecord("tickets", "run-8", "PASS", "sha256:d", "abc", "sha256:c", List.of(row),
                null);
        // the results file keeps them (and a text-only message stays as it was written before images existed)
        EvalRunRecord read = JSON.readValue(JSON.writeValueAsString(run), EvalRunRecord.class);
        assertThat(read.rows().get(0).input()).containsExactly(new SentMessage("user", "Ticket: see picture",
                List.of(image)));
        assertThat(JSON.writeValueAsString(new SentMessage("user", "x"))).isEqualTo("{\"role\":\"user\",\"content\":\"x\"}");

        registry().pushResults(NAME, 1, read);

        assertThat(fake.logged).singleElement().satisfies(body -> assertThat(body.at("/input/messages/0/content"))
                .isEqualTo(JSON.readTree("""
                        [{"type": "text", "text": "Ticket: see picture"},
                         {"type": "image_url", "image_url": {"url": "https://example.com/ticket-7.png", "detail": "low"}}]
                        """)));
    }

    /** Shapes the API allows, each written as a person would (content blocks, no server defaults). */
    static Stream<String> shapes() {
        return Stream.of(
                // completion, Jinja2
                """
                {"prompt_template": {"type": "completion", "template_format": "jinja2",
                   "content": [{"type": "text", "text": "Summarise {{ ticket }}{% if urgent %} (urgent){% endif %}"}]},
                 "metadata": {"model": {"provider": "anthropic", "name": "claude-haiku-4-5",
                   "parameters": {"max_tokens": 200}}}}
                """,
                // chat with tools, a forced tool choice, an assistant tool call and the tool's answer
                """
                {"prompt_template": {"type": "chat", "messages": [
                   {"role": "system", "content": [{"type": "text", "text": "Route tickets."}]},
                   {"role": "user", "content": [{"type": "text", "text": "{ticket}"}]},
                   {"role": "assistant", "content": [], "tool_calls": [{"id": "call_1", "type": "function",
                     "function": {"name": "route", "arguments": "{\\"queue\\": \\"billing\\"}"}}]},
                   {"role": "tool", "tool_call_id": "call_1", "content": [{"type": "text", "text": "routed"}]}],
                   "tools": [{"type": "function", "function": {"name": "route", "description": "Route it",
                     "parameters": {"type": "object", "properties": {"queue": {"type": "string"}},
                                    "required": ["queue"]}}}],
                   "tool_choice": {"type": "function", "function": {"name": "route"}}},
                 "metadata": {"model": {"provider": "openai", "name": "gpt-4o", "parameters": {"temperature": 0.3}},
                              "team": "support", "markdown_enabled": true}}
                """,
                // snippet references, a named message, a declared variable no text uses, metadata without a model
                """
                {"prompt_template": {"type": "chat", "input_variables": ["locale"], "messages": [
                   {"role": "system", "name": "house", "content": [{"type": "text",
                     "text": "@@@support/house-style@@@"}]},
                   {"role": "user", "content": [{"type": "text", "text": "Answer {question}"}]}]},
                 "metadata": {"customField": "x"}}
                """,
                // a placeholder message (openapi.json PlaceholderMessage; PromptLayer's placeholder documentation
                // names it fill_in_message), a developer message, images by URL and by variable (ImageContent,
                // ImageURL), a built-in tool (BuiltInTool)
                """
                {"prompt_template": {"type": "chat", "messages": [
                   {"role": "developer", "content": [{"type": "text", "text": "Describe products."}]},
                   {"role": "placeholder", "name": "fill_in_message"},
                   {"role": "user", "content": [{"type": "text", "text": "What is in {product}?"},
                     {"type": "image_url", "image_url": {"url": "https://example.com/catalogue/42.png", "detail": "low"}},
                     {"type": "image_url", "image_url": {"url": ""}, "image_variable": "photo"}]}],
                   "tools": [{"id": "ws_1", "name": "web_search", "description": "Search the web", "provider": "openai",
                              "type": "web_search", "config": {"search_context_size": "low"}}]},
                 "metadata": {"model": {"provider": "openai", "name": "gpt-4o"}}}
                """,
                // blocks no model is sent (ThinkingContent, MediaContent/Media, MediaVariable, OutputMediaContent,
                // CodeContent), kept as they are; a placeholder with content
                """
                {"prompt_template": {"type": "chat", "messages": [
                   {"role": "user", "content": [{"type": "media", "media": {"title": "call recording",
                     "type": "audio/mpeg", "url": "https://example.com/call.mp3", "format": "url"}},
                     {"type": "media_variable", "name": "attachment"}]},
                   {"role": "assistant", "content": [{"type": "thinking", "thinking": "The caller wants a refund.",
                     "signature": "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds"},
                     {"type": "code", "code": "print(refund(42))", "container_id": "cntr_1"},
                     {"type": "output_media", "url": "https://example.com/chart.png", "mime_type": "image/png",
                      "media_type": "image"},
                     {"type": "text", "text": "Refund issued."}]},
                   {"role": "placeholder", "name": "history", "content": [{"type": "text", "text": "(earlier turns)"}]}]},
                 "metadata": {"model": {"provider": "anthropic", "name": "claude-haiku-4-5"}}}
                """,
                // a completion with an image block
                """
                {"prompt_template": {"type": "completion", "content": [{"type": "text", "text": "Caption: "},
                   {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}}]},
                 "metadata": {"model": {"provider": "openai", "name": "gpt-4o-mini"}}}
                """);
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void everyShapeRoundTripsThroughPublishAndPullAndPublishesOnce(String shape) throws Exception {
        PromptLayerRegistry registry = registry();
        PromptTemplate file = PromptTemplate.parse(shape, "shape.json");
        String name = "support/shapes";

        int version = registry.publish(name, file, "shape", List.of(), 0);
        RegistryPrompt pulled = registry.getSource(name, new PromptReference.Version(version));

        assertThat(pulled.template().toJson()).isEqualTo(addCommit(JSON.readTree(shape), "shape"));
        // what pull writes reads back as the same blueprint, and publishing it again is no new version
        PromptTemplate written = PromptTemplate.parse(pulled.template().toPrettyJson(), "shape.json");
        assertThat(written).isEqualTo(pulled.template());
        assertThat(registry.publish(name, written, "again", List.of(), null)).isEqualTo(version);
        assertThat(fake.prompt(name).versions).hasSize(1);
    }

    private static JsonNode addCommit(JsonNode blueprint, String message) {
        ((com.fasterxml.jackson.databind.node.ObjectNode) blueprint).put("commit_message", message);
        return blueprint;
    }
}
