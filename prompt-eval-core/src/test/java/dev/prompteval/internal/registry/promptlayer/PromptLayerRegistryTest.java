package dev.prompteval.internal.registry.promptlayer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prompteval.internal.provider.Secrets;
import dev.prompteval.internal.registry.LabelMove;
import dev.prompteval.internal.registry.PromptReference;
import dev.prompteval.internal.registry.RegistryException.Kind;
import dev.prompteval.internal.registry.RegistryException;
import dev.prompteval.internal.registry.RegistryPrompt;
import dev.prompteval.internal.template.PromptTemplate;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The PromptLayer client against a local mock server, call by call. Request paths, headers and bodies are the ones
 * PromptLayer's openapi.json specifies; the canned answers follow its response schemas and examples
 * (ListPromptTemplates, GetPromptTemplateRawResponse, GetPromptTemplateLabelResponse, CreatePromptTemplateResponse).
 * {@link PromptLayerLoopbackTest} runs whole scenarios against a fake that behaves as the service does.
 */
class PromptLayerRegistryTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String KEY = "pl_test_0123456789abcdef";
    static final String NAME = "support/order summary";

    /** The name lookup: the exact name, first page, 100 per page. */
    static final String LOOKUP = "/prompt-templates?name=support%2Forder%20summary&page=1&per_page=100";

    /** Shaped like ListPromptTemplates: a partial match first, then the exact name with id 17. */
    static final String FOUND = """
            {"items": [
               {"id": 16, "prompt_name": "support/order summary (old)", "external_ids": [],
                "prompt_template": {"type": "completion", "content": []}},
               {"id": 17, "prompt_name": "support/order summary", "external_ids": [],
                "prompt_template": {"type": "completion", "content": []}}],
             "page": 1, "pages": 1, "per_page": 100, "total": 2, "has_next": false, "has_prev": false,
             "next_num": null, "prev_num": null}
            """;

    /** Shaped like ListPromptTemplates with nothing found. */
    static final String NONE = """
            {"items": [], "page": 1, "pages": 1, "per_page": 100, "total": 0, "has_next": false, "has_prev": false,
             "next_num": null, "prev_num": null}
            """;

    /** Shaped like GetPromptTemplateRawResponse (GET /prompt-templates/{identifier}). */
    static String template(int version, String text) {
        return """
                {"id": 17, "prompt_name": "support/order summary",
                 "prompt_template": {"type": "chat", "input_variables": ["order"], "messages": [
                   {"role": "system", "content": [{"type": "text", "text": "You summarise orders."}],
                    "input_variables": [], "template_format": "f-string"},
                   {"role": "user", "content": [{"type": "text", "text": "%s"}],
                    "input_variables": ["order"], "template_format": "f-string"}]},
                 "metadata": {"model": {"provider": "openai", "name": "gpt-4o-mini",
                   "parameters": {"temperature": 0.2}}},
                 "commit_message": "Improve support tone", "llm_kwargs": null, "version": %d, "workspace_id": 42,
                 "tags": [], "snippets": [], "created_at": "2025-03-15T10:30:00Z"}
                """.formatted(text, version);
    }

    /** Shaped like GetPromptTemplateLabelResponse. */
    static final String LABELS = """
            {"release_labels": [
              {"prompt_version_id": 101, "prompt_version_number": 2, "release_label": "prod", "release_label_id": 55},
              {"prompt_version_id": 102, "prompt_version_number": 3, "release_label": "staging",
               "release_label_id": 56}]}
            """;

    MockWebServer server;
    final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    PromptLayerRegistry registry() {
        return builder().build();
    }

    PromptLayerRegistry.Builder builder() {
        return PromptLayerRegistry.builder()
                .environment(Map.of("PROMPTLAYER_API_KEY", KEY, "PROMPTLAYER_BASE_URL", server.url("/").toString())::get)
                .httpClient(new OkHttpClient.Builder().readTimeout(Duration.ofMillis(500)).build())
                .backoff(Duration.ofMillis(100), sleeps::add, () -> 0.5);
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }

    static JsonNode tree(String json) throws Exception {
        return JSON.readTree(json);
    }

    RecordedRequest take() throws InterruptedException {
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request).as("a request was sent").isNotNull();
        assertThat(request.getHeaders().get("X-API-KEY")).isEqualTo(KEY);
        assertThat(request.getHeaders().get("Accept")).isEqualTo("application/json");
        return request;
    }

    /** Takes the next request and checks its method, raw target (path and query) and JSON body. */
    void expect(String method, String target, String body) throws Exception {
        RecordedRequest request = take();
        assertThat(request.getMethod()).isEqualTo(method);
        assertThat(request.getTarget()).isEqualTo(target);
        if (body == null) {
            assertThat(request.getBodySize()).isZero();
        } else {
            assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/json; charset=utf-8");
            assertThat(tree(request.getBody().utf8())).isEqualTo(tree(body));
        }
    }

    static String labelsWith(String label, int version) {
        return LABELS.replace("\"prompt_version_number\": 2, \"release_label\": \"" + label + "\"",
                "\"prompt_version_number\": " + version + ", \"release_label\": \"" + label + "\"");
    }

    @Test
    void getByLabelFindsTheIdThenReadsTheRawVersionAndItsLabels() throws Exception {
        server.enqueue(json(200, FOUND));
        server.enqueue(json(200, template(2, "Order: {order}")));
        server.enqueue(json(200, LABELS));

        RegistryPrompt prompt = registry().get(NAME, PromptReference.parse("label:prod"));

        expect("GET", LOOKUP, null);
        expect("GET", "/prompt-templates/17?label=prod&resolve_snippets=true", null);
        expect("GET", "/prompt-templates/17/labels", null);
        assertThat(prompt.name()).isEqualTo(NAME);
        assertThat(prompt.version()).isEqualTo(2);
        assertThat(prompt.labels()).containsExactly("prod");
        assertThat(prompt.template().render(Map.of("order", "2 mugs")).messages().get(1).content())
                .isEqualTo("Order: 2 mugs");
        assertThat(prompt.template().model().parameters()).containsEntry("temperature", 0.2);
        assertThat(prompt.template().toJson().has("llm_kwargs")).isFalse();
    }

    @Test
    void theIdIsLookedUpOnceAndSourceKeepsSnippetsAsReferences() throws Exception {
        server.enqueue(json(200, FOUND));
        server.enqueue(json(200, template(3, "v3")));
        server.enqueue(json(200, LABELS));
        server.enqueue(json(200, template(4, "v4")));
        server.enqueue(json(200, LABELS));
        PromptLayerRegistry registry = registry();

        assertThat(registry.get(NAME, PromptReference.parse("version:3")).labels()).containsExactly("staging");
        assertThat(registry.getSource(NAME, PromptReference.parse("latest")).version()).isEqualTo(4);

        expect("GET", LOOKUP, null);
        expect("GET", "/prompt-templates/17?version=3&resolve_snippets=true", null);
        expect("GET", "/prompt-templates/17/labels", null);
        expect("GET", "/prompt-templates/17?resolve_snippets=false", null);
    }

    @Test
    void theNameLookupReadsEveryPageUntilTheExactName() throws Exception {
        server.enqueue(json(200, NONE.replace("\"items\": []", "\"items\": [{\"id\": 3, \"prompt_name\":"
                + " \"support/order summary v0\", \"external_ids\": [], \"prompt_template\": {\"type\":"
                + " \"completion\", \"content\": []}}]").replace("\"has_next\": false", "\"has_next\": true")));
        server.enqueue(json(200, FOUND));
        server.enqueue(json(200, LABELS));

        assertThat(registry().listLabels(NAME)).containsKeys("prod", "staging");

        expect("GET", LOOKUP, null);
        expect("GET", LOOKUP.replace("&page=1&", "&page=2&"), null);
        expect("GET", "/prompt-templates/17/labels", null);
    }

    @Test
    void aMissingPromptOrLabelIsNotFound() throws Exception {
        server.enqueue(json(200, NONE));
        server.enqueue(json(200, FOUND));
        server.enqueue(json(404, "{\"success\": false, \"message\": \"Prompt template not found\"}"));

        assertThatThrownBy(() -> registry().get(NAME, PromptReference.parse("label:prod")))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND))
                .hasMessage("PromptLayer has no prompt named \"support/order summary\" (looked for label:prod);"
                        + " check the name (it is case-sensitive) and the API key's workspace, or publish the prompt"
                        + " first");
        assertThatThrownBy(() -> registry().get(NAME, PromptReference.parse("label:gone")))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND))
                .hasMessage("PromptLayer (" + server.url("/") + ") could not get prompt \"support/order summary\""
                        + " (label:gone): HTTP 404: Prompt template not found");
    }

    @Test
    void listsLabelsSortedAndVersionsUpToTheLatest() throws Exception {
        server.enqueue(json(200, FOUND));
        server.enqueue(json(200, LABELS));
        server.enqueue(json(200, template(3, "x")));
        server.enqueue(json(200, NONE));
        server.enqueue(json(200, NONE));
        PromptLayerRegistry registry = registry();

        assertThat(registry.listLabels(NAME)).containsExactly(Map.entry("prod", 2), Map.entry("staging", 3));
        assertThat(registry.listVersions(NAME)).containsExactly(1, 2, 3);
        assertThat(registry.listVersions("new")).isEmpty();
        assertThat(registry.listLabels("new")).isEmpty();

        expect("GET", LOOKUP, null);
        expect("GET", "/prompt-templates/17/labels", null);
        expect("GET", "/prompt-templates/17?resolve_snippets=false", null);
        expect("GET", "/prompt-templates?name=new&page=1&per_page=100", null);
        expect("GET", "/prompt-templates?name=new&page=1&per_page=100", null);
    }

    @Test
    void publishSendsTheBlueprintWithReleaseLabelsAndReturnsTheNewVersion() throws Exception {
        server.enqueue(json(200, FOUND));
        server.enqueue(json(200, template(2, "Order: {order}")));
        server.enqueue(json(201, """
                {"id": 17, "prompt_name": "support/order summary", "prompt_version_id": 103, "version_number": 3,
                 "tags": [], "release_labels": ["staging"], "external_ids": [],
                 "prompt_template": {"type": "chat", "messages": []}, "metadata": null,
                 "commit_message": "Shorter"}
                """));
        PromptTemplate candidate = PromptTemplate.parse("""
                {"prompt_template": {"type": "chat", "messages": [
                   {"role": "system", "content": "Be brief."},
                   {"role": "user", "content": [{"type": "text", "text": "Order: {order}"}]}]},
                 "metadata": {"model": {"provider": "openai", "name": "gpt-4o-mini", "parameters": {"temperature": 0}}},
                 "version": 9, "commit_message": "stale"}
                """, "candidate");

        int version = registry().publish(NAME, candidate, "Shorter\n\nLonger explanation", List.of("staging"), 2);

        assertThat(version).isEqualTo(3);
        expect("GET", LOOKUP, null);
        expect("GET", "/prompt-templates/17?resolve_snippets=false", null);
        expect("POST", "/rest/prompt-templates", """
                {"prompt_template": {"prompt_name": "support/order summary"},
                 "prompt_version": {
                   "prompt_template": {"type": "chat", "messages": [
                     {"role": "system", "content": [{"type": "text", "text": "Be brief."}]},
                     {"role": "user", "content": [{"type": "text", "text": "Order: {order}"}]}]},
                   "metadata": {"model": {"provider": "openai", "name": "gpt-4o-mini",
                                          "parameters": {"temperature": 0}}},
                   "commit_message": "Shorter"},
                 "release_labels": ["staging"]}
                """);
    }

    @Test
    void publishingTheLatestContentAgainOnlyMovesTheLabels() throws Exception {
        server.enqueue(json(200, FOUND));
        server.enqueue(json(200, template(3, "Order: {order}")));
        server.enqueue(json(200, LABELS));
        server.enqueue(json(200, "{\"created_at\": \"2025-03-15T10:30:00Z\", \"id\": 55, \"name\": \"prod\","
                + " \"prompt_id\": 17, \"prompt_version_id\": 102}"));
        server.enqueue(json(200, labelsWith("prod", 3)));
        PromptTemplate same = PromptTemplate.parse("""
                {"prompt_template": {"type": "chat", "messages": [
                   {"role": "system", "content": "You summarise orders."},
                   {"role": "user", "content": "Order: {order}"}]},
                 "metadata": {"model": {"provider": "openai", "name": "gpt-4o-mini",
                   "parameters": {"temperature": 0.2}}}}
                """, "same.json");

        assertThat(registry().publish(NAME, same, "again", List.of("prod"), 1)).isEqualTo(3);

        expect("GET", LOOKUP, null);
        expect("GET", "/prompt-templates/17?resolve_snippets=false", null);
        expect("GET", "/prompt-templates/17/labels", null);
        expect("PATCH", "/prompt-labels/55", "{\"prompt_version_number\": 3}");
        expect("GET", "/prompt-templates/17/labels", null);
        assertThat(server.getRequestCount()).isEqualTo(5);
    }

    @Test
    void publishAgainstAnOutdatedVersionIsAConflictAndPublishesNothing() throws Exception {
        server.enqueue(json(200, FOUND));
        server.enqueue(json(200, template(3, "theirs")));

        assertThatThrownBy(() -> registry().publish(NAME, PromptTemplate.parse(template(1, "mine"), "x"), null,
                List.of(), 2))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONFLICT))
                .hasMessage("publish of prompt support/order summary refused: expected version 2 to be the latest,"
                        + " but PromptLayer's latest is version 3. Nothing was published. Evaluate your candidate"
                        + " against the latest version and publish again");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void aNewPromptIsPublishedWhenNoneWasExpected() throws Exception {
        server.enqueue(json(200, NONE));
        server.enqueue(json(201, "{\"id\": 18, \"prompt_name\": \"fresh\", \"prompt_version_id\": 1,"
                + " \"version_number\": 1, \"tags\": [], \"external_ids\": [], \"prompt_template\":"
                + " {\"type\": \"completion\", \"content\": []}}"));
        PromptTemplate completion = PromptTemplate.parse("{\"prompt_template\": {\"type\": \"completion\","
                + " \"content\": \"Say {x}\"}}", "fresh");

        assertThat(registry().publish("fresh", completion, "   ", List.of(), 0)).isEqualTo(1);

        expect("GET", "/prompt-templates?name=fresh&page=1&per_page=100", null);
        expect("POST", "/rest/prompt-templates", """
                {"prompt_template": {"prompt_name": "fresh"},
                 "prompt_version": {"prompt_template": {"type": "completion",
                                                        "content": [{"type": "text", "text": "Say {x}"}]}}}
                """);
    }

    @Test
    void movingAnExistingLabelPatchesItByIdAndConfirmsIt() throws Exception {
        server.enqueue(json(200, FOUND));
        server.enqueue(json(200, LABELS));
        server.enqueue(json(200, "{\"created_at\": \"2025-03-15T10:30:00Z\", \"id\": 55, \"name\": \"prod\","
                + " \"prompt_id\": 17, \"prompt_version_id\": 102}"));
        server.enqueue(json(200, labelsWith("prod", 3)));

        assertThat(registry().moveLabel(NAME, "prod", 3)).isEqualTo(LabelMove.MOVED);

        expect("GET", LOOKUP, null);
        expect("GET", "/prompt-templates/17/labels", null);
        expect("PATCH", "/prompt-labels/55", "{\"prompt_version_number\": 3}");
        expect("GET", "/prompt-templates/17/labels", null);
    }

    @Test
    void aLabelStillElsewhereAfterTheChangeIsPendingApproval() throws Exception {
        server.enqueue(json(200, FOUND));
        server.enqueue(json(200, LABELS));
        server.enqueue(json(200, "{\"created_at\": \"2025-03-15T10:30:00Z\", \"id\": 55, \"name\": \"prod\","
                + " \"prompt_id\": 17, \"prompt_version_id\": 101}"));
        server.enqueue(json(200, LABELS));

        assertThat(registry().moveLabel(NAME, "prod", 3)).isEqualTo(LabelMove.PENDING_APPROVAL);
        assertThat(LabelMove.PENDING_APPROVAL.describe()).isEqualTo("pending approval");
    }

    @Test
    void aNewLabelIsCreatedOnThePromptById() throws Exception {
        server.enqueue(json(200, FOUND));
        server.enqueue(json(200, LABELS));
        server.enqueue(json(200, template(3, "x")));
        server.enqueue(json(200, "{\"created_at\": \"2025-03-15T10:30:00Z\", \"id\": 57, \"name\": \"canary\","
                + " \"prompt_id\": 17, \"prompt_version_id\": 102}"));
        server.enqueue(json(200, LABELS.replace("]}", ", {\"prompt_version_id\": 102, \"prompt_version_number\": 3,"
                + " \"release_label\": \"canary\", \"release_label_id\": 57}]}")));

        assertThat(registry().moveLabel(NAME, "canary", 3)).isEqualTo(LabelMove.MOVED);

        expect("GET", LOOKUP, null);
        expect("GET", "/prompt-templates/17/labels", null);
        expect("GET", "/prompt-templates/17?version=3&resolve_snippets=false", null);
        expect("POST", "/prompts/17/label", "{\"prompt_version_number\": 3, \"name\": \"canary\"}");
        expect("GET", "/prompt-templates/17/labels", null);
    }

    @Test
    void aLabelAlreadyOnTheVersionIsLeftAlone() throws Exception {
        server.enqueue(json(200, FOUND));
        server.enqueue(json(200, LABELS));

        assertThat(registry().moveLabel(NAME, "prod", 2)).isEqualTo(LabelMove.UNCHANGED);

        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void rateLimitIsRetriedAfterTheServersRetryAfter() throws Exception {
        server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "3")
                .body("{\"success\": false, \"message\": \"Rate limit exceeded. Please retry later.\"}").build());
        server.enqueue(json(200, FOUND));
        server.enqueue(json(200, LABELS));

        assertThat(registry().listLabels(NAME)).containsKeys("prod", "staging");

        assertThat(server.getRequestCount()).isEqualTo(3);
        // never sooner than asked, plus up to 10% (with the test's random 0.5: 5%)
        assertThat(sleeps).containsExactly(Duration.ofMillis(3150));
    }

    @Test
    void rateLimitsWithoutRetryAfterAreRetriedWithinTheBudgetNotAFixedCount() throws Exception {
        // TooManyRequestsError's example in PromptLayer's OpenAPI spec, six times: more than the 4 attempts that
        // transient failures get.
        for (int i = 0; i < 6; i++) {
            server.enqueue(json(429, "{\"success\": false, \"message\": \"Rate limit exceeded. Please retry later.\"}"));
        }
        server.enqueue(json(200, FOUND));
        server.enqueue(json(200, LABELS));

        assertThat(registry().listLabels(NAME)).containsKeys("prod", "staging");

        assertThat(server.getRequestCount()).isEqualTo(8);
        assertThat(sleeps).containsExactly(Duration.ofNanos(87_500_000), Duration.ofMillis(175),
                Duration.ofMillis(350), Duration.ofMillis(700), Duration.ofMillis(1400), Duration.ofMillis(2800));
    }

    @Test
    void rateLimitsPastTheBudgetAreReportedWithWhy() throws Exception {
        for (int i = 0; i < 40; i++) {
            server.enqueue(json(429, "{\"success\": false, \"message\": \"Rate limit exceeded. Please retry later.\"}"));
        }

        assertThatThrownBy(() -> registry().listLabels(NAME))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
                .hasMessageContaining("HTTP 429: Rate limit exceeded. Please retry later. after")
                .hasMessageEndingWith("(the retry budget of 60 s is used up); try again later");
        // waits add up to no more than the budget
        assertThat(sleeps.stream().mapToLong(Duration::toMillis).sum()).isLessThanOrEqualTo(60_000);
        assertThat(server.getRequestCount()).isEqualTo(sleeps.size() + 1);
    }

    @Test
    void serverErrorsAreRetriedWithExponentialBackoffThenReported() throws Exception {
        for (int i = 0; i < 4; i++) server.enqueue(json(500, "{\"success\": false, \"error\": \"Internal error\"}"));

        assertThatThrownBy(() -> registry().listLabels(NAME))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
                .hasMessageEndingWith("could not find prompt \"support/order summary\": HTTP 500:"
                        + " Internal error after 4 attempt(s); try again later");
        assertThat(server.getRequestCount()).isEqualTo(4);
        // base 100 ms doubling, capped, shortened by up to a quarter: with random 0.5 by an eighth
        assertThat(sleeps).containsExactly(Duration.ofNanos(87_500_000), Duration.ofMillis(175),
                Duration.ofMillis(350));
    }

    @Test
    void aRetryAfterLongerThanABuildShouldWaitIsNotWaitedFor() throws Exception {
        server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "3600").build());

        assertThatThrownBy(() -> registry().listLabels(NAME))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
                .hasMessageContaining("HTTP 429 after 1 attempt(s) (the provider asked to wait 3600 s, longer than"
                        + " the retry budget of 60 s)");
        assertThat(sleeps).isEmpty();
    }

    @Test
    void aTimedOutReadIsRetried() throws Exception {
        server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
        server.enqueue(json(200, FOUND));
        server.enqueue(json(200, LABELS));

        assertThat(registry().listLabels(NAME)).hasSize(2);
        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(sleeps).containsExactly(Duration.ofNanos(87_500_000));
    }

    @Test
    void aTimedOutPublishIsNotSentTwice() throws Exception {
        server.enqueue(json(200, NONE));
        server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());

        assertThatThrownBy(() -> registry().publish("fresh", PromptTemplate.parse(template(1, "x"), "x"), null,
                List.of(), null))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
                .hasMessageContaining("could not publish prompt \"fresh\": no answer in time")
                .hasMessageContaining("may or may not have been applied, so it was not sent again");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void aRejectedKeyIsAnAuthErrorThatNeverShowsTheKey() throws Exception {
        server.enqueue(json(401, "{\"success\": false, \"message\": \"Invalid API key " + KEY + "\"}"));

        assertThatThrownBy(() -> registry().listLabels(NAME))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.AUTH);
                    assertThat(e.getMessage()).doesNotContain(KEY).contains("HTTP 401: Invalid API key " + Secrets.MASK,
                            "check PROMPTLAYER_API_KEY");
                });
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void validationErrorsShowPromptLayersDetails() throws Exception {
        server.enqueue(json(422, "{\"detail\": [{\"loc\": [\"body\", \"prompt_version\", \"commit_message\"],"
                + " \"msg\": \"String should have at most 72 characters\", \"type\": \"string_too_long\"}]}"));

        assertThatThrownBy(() -> registry().moveLabel(NAME, "prod", 3))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID))
                .hasMessageEndingWith("HTTP 422: [\"body\",\"prompt_version\",\"commit_message\"] String should have"
                        + " at most 72 characters");
    }

    @Test
    void configurationErrorsAreClear() {
        assertThatThrownBy(() -> PromptLayerRegistry.fromEnvironment(Map.<String, String>of()::get))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.AUTH))
                .hasMessageStartingWith("PROMPTLAYER_API_KEY is not set");
        assertThatThrownBy(() -> PromptLayerRegistry.fromEnvironment(Map.of("PROMPTLAYER_API_KEY", KEY,
                "PROMPTLAYER_BASE_URL", "api.promptlayer.com")::get))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID))
                .hasMessage("PROMPTLAYER_BASE_URL \"api.promptlayer.com\" is not an http(s) URL; use e.g."
                        + " https://api.promptlayer.com");
    }

    @Test
    void aBaseUrlWithAPathKeepsIt() throws Exception {

        server.enqueue(json(200, NONE));

        builder().baseUrl(server.url("/proxy/pl").toString()).build().listLabels("a b");

        expect("GET", "/proxy/pl/prompt-templates?name=a%20b&page=1&per_page=100", null);
    }

    @Test
    void commitMessagesAreFittedToPromptLayersLimit() {
        assertThat(PromptLayerRegistry.commitMessage(null)).isNull();
        assertThat(PromptLayerRegistry.commitMessage(" \n ")).isNull();
        assertThat(PromptLayerRegistry.commitMessage("  Fix tone  \nbody")).isEqualTo("Fix tone");
        String exactly72 = "x".repeat(72);
        assertThat(PromptLayerRegistry.commitMessage(exactly72)).isEqualTo(exactly72);
        assertThat(PromptLayerRegistry.commitMessage("y".repeat(80))).isEqualTo("y".repeat(71) + "…");
        // counted in characters as PromptLayer counts them, never splitting an emoji
        String emoji = "\uD83D\uDE00".repeat(73);
        String fitted = PromptLayerRegistry.commitMessage(emoji);
        assertThat(fitted.codePointCount(0, fitted.length())).isEqualTo(72);
        assertThat(fitted).isEqualTo("\uD83D\uDE00".repeat(71) + "…");
    }
}
