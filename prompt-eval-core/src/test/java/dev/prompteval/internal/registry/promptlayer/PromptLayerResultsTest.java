package dev.prompteval.internal.registry.promptlayer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prompteval.internal.registry.EvalRunRecord.RowOutcome;
import dev.prompteval.internal.registry.EvalRunRecord.SentMessage;
import dev.prompteval.internal.registry.EvalRunRecord;
import dev.prompteval.internal.registry.RegistryException.Kind;
import dev.prompteval.internal.registry.RegistryException;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static dev.prompteval.internal.registry.promptlayer.PromptLayerRegistryTest.FOUND;
import static dev.prompteval.internal.registry.promptlayer.PromptLayerRegistryTest.KEY;
import static dev.prompteval.internal.registry.promptlayer.PromptLayerRegistryTest.NAME;
import static dev.prompteval.internal.registry.promptlayer.PromptLayerRegistryTest.json;
import static dev.prompteval.internal.registry.promptlayer.PromptLayerRegistryTest.template;
import static dev.prompteval.internal.registry.promptlayer.PromptLayerRegistryTest.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pushing eval results: log-request per row, track-score per named score, in parallel but bounded. */
class PromptLayerResultsTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:15:30Z");

    MockWebServer server;
    final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    /** Answers a log-request by row id; the default logs it with id 1000 + the row's number. */
    Function<String, MockResponse> logAnswer = row -> json(201, "{\"id\": " + (1000 + number(row))
            + ", \"prompt_version\": null, \"status\": \"SUCCESS\", \"error_type\": null, \"error_message\": null}");
    String versionAnswer = template(2, "Order: {order}");
    /** Shaped like SearchRequestLogsResponse: nothing of the run is logged yet. */
    String searchAnswer = "{\"success\": true, \"items\": [], \"page\": 1, \"pages\": 1, \"per_page\": 25,"
            + " \"total\": 0, \"has_next\": false, \"has_prev\": false, \"next_num\": null, \"prev_num\": null}";

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.add(request);
                String target = request.getTarget();
                if (target.startsWith("/prompt-templates?name=")) return json(200, FOUND);
                if (target.equals("/prompt-templates/17?version=2&resolve_snippets=true")) {
                    return json(200, versionAnswer);
                }
                if (target.equals("/api/public/v2/requests/search")) return json(200, searchAnswer);
                if (target.equals("/log-request")) return logAnswer.apply(rowOf(request));
                if (target.equals("/rest/track-score")) {
                    return json(200, "{\"success\": true, \"message\": \"Score tracked\"}");
                }
                return json(404, "{\"success\": false, \"message\": \"no route " + target + "\"}");
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    PromptLayerRegistry registry(int concurrency) {
        return PromptLayerRegistry.builder()
                .apiKey(KEY)
                .baseUrl(server.url("/").toString())
                .httpClient(new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).build())
                .backoff(Duration.ofMillis(100), d -> { }, () -> 0.5)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .pushConcurrency(concurrency)
                .build();
    }

    static EvalRunRecord run(List<RowOutcome> rows) {
        return new EvalRunRecord("orders", "run-42", "PASS", "sha256:d", "abc123", "sha256:c", rows, null);
    }

    static RowOutcome row(int n) {
        return new RowOutcome("r" + n, 0.5, true, "out " + n, Map.of(), Map.of("order", "o" + n), null);
    }

    private static String rowOf(RecordedRequest request) {
        try {
            return tree(request.getBody().utf8()).path("metadata").path("row_id").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int number(String rowId) {
        return Integer.parseInt(rowId.substring(1));
    }

    private List<JsonNode> bodies(String target) throws Exception {
        List<JsonNode> bodies = new ArrayList<>();
        for (RecordedRequest request : requests) {
            if (request.getTarget().equals(target)) {
                assertThat(request.getMethod()).isEqualTo("POST");
                assertThat(request.getHeaders().get("X-API-KEY")).isEqualTo(KEY);
                bodies.add(tree(request.getBody().utf8()));
            }
        }
        return bodies;
    }

    private JsonNode logOf(String rowId) throws Exception {
        return bodies("/log-request").stream().filter(b -> b.at("/metadata/row_id").asText().equals(rowId))
                .findFirst().orElseThrow();
    }

    @Test
    void eachRowIsLoggedAgainstTheVersionAndNamedScoresAreTrackedOnItsRequest() throws Exception {
        var rows = List.of(
                new RowOutcome("r1", 0.876, true, "2 mugs, paid", Map.of("tone", 0.874, "accuracy", 1.0),
                        Map.of("order", "2 mugs"), null, List.of(new SentMessage("system", "You summarise orders."),
                        new SentMessage("user", "Order: 2 mugs")), 41, 5, 0.000012, 1250),
                new RowOutcome("r2", 0.2, false, "no idea", Map.of("accuracy", 0.0)),
                new RowOutcome("r3", 0, false, null, Map.of(), Map.of("order", "?"), "timeout after 3 attempts"));

        registry(8).pushResults(NAME, 2, run(rows));

        assertThat(bodies("/api/public/v2/requests/search")).containsExactly(tree("""
                {"filter_group": {"logic": "AND", "filters": [
                   {"field": "metadata", "operator": "key_equals", "value": "run-42", "nested_key": "run_id"}]},
                 "page": 1, "per_page": 25}
                """));
        assertThat(logOf("r1")).isEqualTo(tree("""
                {"provider": "openai", "model": "gpt-4o-mini",
                 "input": {"type": "chat", "messages": [
                   {"role": "system", "content": [{"type": "text", "text": "You summarise orders."}]},
                   {"role": "user", "content": [{"type": "text", "text": "Order: 2 mugs"}]}]},
                 "output": {"type": "chat", "messages": [
                   {"role": "assistant", "content": [{"type": "text", "text": "2 mugs, paid"}]}]},
                 "request_start_time": "2026-11-23T10:15:28.750Z", "request_end_time": "2026-11-23T10:15:30Z",
                 "parameters": {"temperature": 0.2},
                 "tags": ["prompt-eval"],
                 "metadata": {"suite": "orders", "run_id": "run-42", "git_commit": "abc123",
                              "dataset_hash": "sha256:d", "candidate_hash": "sha256:c", "decision": "PASS",
                              "row_id": "r1", "pass": "true"},
                 "prompt_id": 17, "prompt_version_number": 2,
                 "prompt_input_variables": {"order": "2 mugs"},
                 "input_tokens": 41, "output_tokens": 5, "price": 0.000012, "score": 88}
                """));
        // a record without the sent messages (an older results file) shows the version's template as input
        assertThat(logOf("r2").at("/input/messages/1/content/0/text").asText()).isEqualTo("Order: {order}");
        assertThat(logOf("r2").has("input_tokens")).isFalse();
        JsonNode errored = logOf("r3");
        assertThat(errored.get("status").asText()).isEqualTo("ERROR");
        assertThat(errored.get("error_type").asText()).isEqualTo("UNKNOWN_ERROR");
        assertThat(errored.get("error_message").asText()).isEqualTo("timeout after 3 attempts");
        assertThat(errored.get("output")).isEqualTo(tree("{\"type\": \"chat\", \"messages\": []}"));
        assertThat(errored.get("score").asInt()).isZero();
        assertThat(logOf("r2").get("score").asInt()).isEqualTo(20);
        assertThat(logOf("r2").at("/metadata/pass").asText()).isEqualTo("false");

        assertThat(bodies("/rest/track-score")).containsExactlyInAnyOrder(
                tree("{\"request_id\": 1001, \"score\": 100, \"name\": \"accuracy\"}"),
                tree("{\"request_id\": 1001, \"score\": 87, \"name\": \"tone\"}"),
                tree("{\"request_id\": 1002, \"score\": 0, \"name\": \"accuracy\"}"));
    }

    @Test
    void rowsTheRunAlreadyLoggedAreNotLoggedAgainButGetTheirScores() throws Exception {
        // metadata as the search returns it: an array of one-key objects (SearchRequestLogsResponse example)
        searchAnswer = """
                {"success": true, "items": [
                   {"id": 555, "metadata": [{"suite": "orders"}, {"run_id": "run-42"}, {"row_id": "r1"}], "scores": []},
                   {"id": 556, "metadata": [{"suite": "other"}, {"run_id": "run-42"}, {"row_id": "r2"}], "scores": []}],
                 "page": 1, "pages": 1, "per_page": 25, "total": 2, "has_next": false, "has_prev": false,
                 "next_num": null, "prev_num": null}
                """;
        var rows = List.of(new RowOutcome("r1", 1, true, "ok", Map.of("accuracy", 1.0)), row(2));

        registry(2).pushResults(NAME, 2, run(rows));

        assertThat(bodies("/log-request")).extracting(b -> b.at("/metadata/row_id").asText()).containsExactly("r2");
        assertThat(bodies("/rest/track-score")).containsExactly(
                tree("{\"request_id\": 555, \"score\": 100, \"name\": \"accuracy\"}"));
    }

    @Test
    void completionPromptsGetACompletionOutputAndAnUnknownCommitIsLeftOut() throws Exception {
        versionAnswer = "{\"id\": 17, \"prompt_name\": \"support/order summary\", \"version\": 2,"
                + " \"prompt_template\": {\"type\": \"completion\", \"content\": [{\"type\": \"text\","
                + " \"text\": \"Sum up {order}\"}]}, \"metadata\": {\"model\": {\"provider\": \"anthropic\","
                + " \"name\": \"claude-haiku\", \"parameters\": {}}}}";

        registry(2).pushResults(NAME, 2, new EvalRunRecord("orders", "run-43", "FAIL", "sha256:d", null,
                "sha256:c", List.of(row(1)), null));

        JsonNode log = logOf("r1");
        assertThat(log.get("output")).isEqualTo(tree("{\"type\": \"completion\", \"content\":"
                + " [{\"type\": \"text\", \"text\": \"out 1\"}]}"));
        assertThat(log.get("provider").asText()).isEqualTo("anthropic");
        assertThat(log.get("metadata").has("git_commit")).isFalse();
        assertThat(log.at("/metadata/decision").asText()).isEqualTo("FAIL");
    }

    @Test
    void atMostTheConfiguredNumberOfRowsAreInFlight() throws Exception {
        int concurrency = 3;
        var barrier = new CyclicBarrier(concurrency);
        var inFlight = new AtomicInteger();
        var most = new AtomicInteger();
        Function<String, MockResponse> logged = logAnswer;
        logAnswer = row -> {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                // each log waits for two more to arrive: proves that three run together, and no more than three
                barrier.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                throw new IllegalStateException("fewer rows in flight than the concurrency", e);
            } finally {
                inFlight.decrementAndGet();
            }
            return logged.apply(row);
        };
        List<RowOutcome> rows = new ArrayList<>();
        for (int n = 1; n <= 9; n++) rows.add(row(n));

        registry(concurrency).pushResults(NAME, 2, run(rows));

        assertThat(bodies("/log-request")).hasSize(9);
        assertThat(most.get()).isEqualTo(concurrency);
    }

    @Test
    void aFailedPushSaysHowManyRowsWentOutAndKeepsTheLocalCopy() {
        Function<String, MockResponse> logged = logAnswer;
        logAnswer = row -> row.equals("r2")
                ? json(422, "{\"detail\": [{\"loc\": [\"body\", \"model\"], \"msg\": \"Field required\"}]}")
                : logged.apply(row);

        assertThatThrownBy(() -> registry(1).pushResults(NAME, 2, run(List.of(row(1), row(2), row(3)))))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID))
                .hasMessageStartingWith("pushed 1 of 3 rows of run run-42 (suite orders) to PromptLayer for prompt"
                        + " support/order summary version 2; 1 failed and 1 were not sent. First failure:"
                        + " PromptLayer (" + server.url("/") + ") could not log row r2 of run run-42: HTTP 422:"
                        + " [\"body\",\"model\"] Field required.")
                .hasMessageEndingWith("The local results under target/prompt-eval/ are kept; push them again when"
                        + " PromptLayer is reachable (rows already logged are found by their run and row ids and not"
                        + " logged twice)");
        assertThat(requests).filteredOn(r -> r.getTarget().equals("/log-request")).hasSize(2);
    }

    @Test
    void aVersionWithoutAModelCannotBeLoggedAndNothingIsSent() {
        versionAnswer = "{\"id\": 17, \"prompt_name\": \"support/order summary\", \"version\": 2,"
                + " \"prompt_template\": {\"type\": \"chat\", \"messages\": [{\"role\": \"user\", \"content\":"
                + " [{\"type\": \"text\", \"text\": \"hi\"}]}]}, \"metadata\": null}";

        assertThatThrownBy(() -> registry(2).pushResults(NAME, 2, run(List.of(row(1)))))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID))
                .hasMessageContaining("prompt support/order summary version 2 names no model");
        assertThat(requests).hasSize(2);
    }
}
