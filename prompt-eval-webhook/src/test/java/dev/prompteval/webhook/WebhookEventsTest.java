package dev.prompteval.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prompteval.internal.registry.promptlayer.FakePromptLayer;
import dev.prompteval.internal.registry.promptlayer.PromptLayerRegistry;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static dev.prompteval.webhook.WebhookServerProcessTest.GH_TOKEN;
import static dev.prompteval.webhook.WebhookServerProcessTest.NAME;
import static dev.prompteval.webhook.WebhookServerProcessTest.PL_KEY;
import static dev.prompteval.webhook.WebhookServerProcessTest.SECRET;
import static dev.prompteval.webhook.WebhookServerProcessTest.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The label events and the pipeline actions, through the same entry point in this JVM: a moved label starts a
 * GitHub workflow (workflow_dispatch, answered 204 as GitHub's REST reference documents), an approved label change
 * triggers a GitLab pipeline (POST /projects/:id/trigger/pipeline, answered 201 with the pipeline as in GitLab's
 * "Trigger a pipeline with a token" reference), and other events are ignored. Event bodies follow PromptLayer's
 * webhook event reference, serialised as Python's sorted json.dumps, which PromptLayer signs.
 */
class WebhookEventsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    final FakePromptLayer promptLayer = new FakePromptLayer(PL_KEY);
    final WebhookServerProcessTest.FakeGitHost git = new WebhookServerProcessTest.FakeGitHost();
    final ByteArrayOutputStream log = new ByteArrayOutputStream();
    final HttpClient client = HttpClient.newHttpClient();
    MockWebServer promptLayerServer;
    WebhookServer server;

    @BeforeEach
    void start() throws Exception {
        promptLayerServer = promptLayer.start();
        promptLayer.seed(NAME, "{\"type\": \"completion\", \"content\": [{\"type\": \"text\", \"text\": \"a\"}]}", null);
        promptLayer.seed(NAME, "{\"type\": \"completion\", \"content\": [{\"type\": \"text\", \"text\": \"b\"}]}", null);
        PromptLayerRegistry.builder().apiKey(PL_KEY).baseUrl(promptLayerServer.url("/").toString()).build()
                .moveLabel(NAME, "prod", 2);
        git.start();
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
        git.server.stop(0);
        promptLayerServer.close();
    }

    Map<String, String> env(String action) {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", "0");
        env.put("BIND_ADDRESS", "127.0.0.1");
        env.put("PROMPTLAYER_WEBHOOK_SECRET", SECRET);
        env.put("PROMPTLAYER_API_KEY", PL_KEY);
        env.put("PROMPTLAYER_BASE_URL", promptLayerServer.url("/").toString());
        env.put("PROMPT_EVAL_ACTION", action);
        return env;
    }

    HttpResponse<String> deliver(String event) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + "/webhooks/promptlayer")).header("X-PromptLayer-Signature", sign(event, SECRET))
                .POST(HttpRequest.BodyPublishers.ofString(event)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aMovedLabelStartsTheGitHubWorkflowWithTheVersionAsCandidate() throws Exception {
        git.routes.put("POST /repos/acme/support-prompts/actions/workflows/prompt-from-registry.yml/dispatches",
                c -> new String[]{"204", ""});
        routeHead();
        git.routeRefs("/repos/acme/support-prompts");
        Map<String, String> env = env("github-workflow-dispatch");
        env.put("GITHUB_TOKEN", GH_TOKEN);
        env.put("GITHUB_REPOSITORY", "acme/support-prompts");
        env.put("GITHUB_API_URL", git.url());
        env.put("GITHUB_WORKFLOW", "prompt-from-registry.yml");
        server = WebhookMain.start(env::get, new PrintStream(log, true, StandardCharsets.UTF_8));

        HttpResponse<String> answer = deliver("{\"details\": {\"old_prompt_template_version_number\": 1,"
                + " \"prompt_template_id\": 123, \"prompt_template_label\": \"staging\", \"prompt_template_name\":"
                + " \"support/ticket-classifier\", \"prompt_template_version_number\": 2}, \"event_type\":"
                + " \"prompt_template_label_moved\", \"timestamp\": \"2026-12-01T10:05:00\"}");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(git.calls).extracting(c -> c.method() + " " + c.target()).containsExactly(
                "GET /repos/acme/support-prompts/git/ref/heads/main", "POST /repos/acme/support-prompts/git/refs",
                "POST /repos/acme/support-prompts/actions/workflows/prompt-from-registry.yml/dispatches");
        assertThat(git.calls.get(2)).satisfies(call -> {
            assertThat(git.header(call, "Authorization")).isEqualTo("Bearer " + GH_TOKEN);
            assertThat(JSON.readTree(call.body())).isEqualTo(JSON.readTree("""
                    {"ref": "main", "inputs": {"prompt_eval_prompt": "support/ticket-classifier",
                     "prompt_eval_candidate": "version:2", "prompt_eval_baseline": "label:prod",
                     "prompt_eval_release_label": "prod"}}
                    """));
        });
    }

    @Test
    void anApprovedLabelChangeTriggersTheGitLabPipelineAtTheVersionTheLabelNowHas() throws Exception {
        git.routes.put("POST /api/v4/projects/42/trigger/pipeline", c -> new String[]{"201", "{\"id\": 257,"
                + " \"iid\": 3, \"ref\": \"main\", \"status\": \"created\", \"web_url\":"
                + " \"https://gitlab.example.com/acme/support-prompts/-/pipelines/257\"}"});
        git.routes.put("GET /api/v4/projects/42/pipelines?*", c -> new String[]{"200", "[]"});
        Map<String, String> env = env("gitlab-pipeline");
        env.put("GITLAB_TOKEN", "glpat-api-token");
        env.put("GITLAB_TRIGGER_TOKEN", "glptt-trigger-secret");
        env.put("GITLAB_PROJECT", "42");
        env.put("GITLAB_API_URL", git.url() + "/api/v4");
        server = WebhookMain.start(env::get, new PrintStream(log, true, StandardCharsets.UTF_8));

        HttpResponse<String> answer = deliver("{\"details\": {\"change_type\": \"move\", \"prompt_template_id\": 123,"
                + " \"prompt_template_label\": \"prod\", \"prompt_template_name\": \"support/ticket-classifier\"},"
                + " \"event_type\": \"prompt_template_label_change_approved\"}");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("started pipeline 257");
        assertThat(git.calls).extracting(c -> c.method()).containsExactly("GET", "POST");
        var call = git.calls.get(1);
        assertThat(git.header(call, "Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        Map<String, String> form = new HashMap<>();
        for (String pair : call.body().split("&")) {
            String[] kv = pair.split("=", 2);
            form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        assertThat(form).containsEntry("token", "glptt-trigger-secret").containsEntry("ref", "main")
                .containsEntry("variables[PROMPT_EVAL_PROMPT]", "support/ticket-classifier")
                .containsEntry("variables[PROMPT_EVAL_CANDIDATE]", "version:2")
                .containsEntry("variables[PROMPT_EVAL_BASELINE]", "label:prod");
        assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain("glptt-trigger-secret", "glpat-api-token",
                SECRET, PL_KEY);
    }

    @Test
    void afterARestartTheSameDeliveryFindsItsBranchFileAndPullRequestAndWritesNothing() throws Exception {
        String repo = "/repos/acme/support-prompts";
        String branch = "prompt-eval/support-ticket-classifier-v2";
        String[] stored = {null};
        boolean[] opened = {false};
        // no pull request is listed (as after a crash before it was opened): the steps below find what exists
        git.routes.put("GET " + repo + "/pulls?head=acme%3Aprompt-eval%2Fsupport-ticket-classifier-v2&base=main"
                + "&state=all", c -> new String[]{"200", "[]"});
        git.routes.put("GET " + repo + "/git/ref/heads/main", c -> new String[]{"200", "{\"ref\": \"refs/heads/main\","
                + " \"object\": {\"type\": \"commit\", \"sha\": \"aa218f56b14c9653891f9e74264a383fa43fefbd\"}}"});
        // GitHub's answers when the branch or the pull request exists: 422 with "Reference already exists" /
        // "A pull request already exists for ..."
        git.routes.put("POST " + repo + "/git/refs", c -> stored[0] == null
                ? new String[]{"201", "{\"ref\": \"refs/heads/" + branch + "\"}"}
                : new String[]{"422", "{\"message\": \"Reference already exists\", \"documentation_url\":"
                + " \"https://docs.github.com/rest/git/refs#create-a-reference\", \"status\": \"422\"}"});
        String contents = repo + "/contents/src/main/prompts/support/ticket-classifier.json";
        git.routes.put("GET " + contents + "?ref=prompt-eval%2Fsupport-ticket-classifier-v2", c -> stored[0] == null
                ? new String[]{"404", "{\"message\": \"Not Found\", \"status\": \"404\"}"}
                : new String[]{"200", "{\"type\": \"file\", \"encoding\": \"base64\", \"sha\": \"95b966ae1c\","
                + " \"content\": \"" + stored[0].replaceAll("(.{60})", "$1\\\\n") + "\"}"});
        git.routes.put("PUT " + contents, c -> {
            stored[0] = parse(c.body()).path("content").asText();
            return new String[]{"201", "{\"content\": {\"sha\": \"95b966ae1c\"}, \"commit\": {\"sha\": \"7638417d\"}}"};
        });
        git.routes.put("POST " + repo + "/pulls", c -> {
            if (opened[0]) {
                return new String[]{"422", "{\"message\": \"Validation Failed\", \"errors\": [{\"resource\":"
                        + " \"PullRequest\", \"code\": \"custom\", \"message\": \"A pull request already exists for"
                        + " acme:" + branch + ".\"}], \"status\": \"422\"}"};
            }
            opened[0] = true;
            return new String[]{"201", "{\"number\": 1347, \"html_url\": \"https://github.com/acme/support-prompts/pull/1347\"}"};
        });
        Map<String, String> env = env("github-pull-request");
        env.put("GITHUB_TOKEN", GH_TOKEN);
        env.put("GITHUB_REPOSITORY", "acme/support-prompts");
        env.put("GITHUB_API_URL", git.url());
        String event = WebhookServerProcessTest.EVENT;
        server = WebhookMain.start(env::get, new PrintStream(log, true, StandardCharsets.UTF_8));
        assertThat(deliver(event).body()).contains("opened pull request #1347");
        server.close();

        // a restarted server has forgotten the delivery; PromptLayer sends it again
        server = WebhookMain.start(env::get, new PrintStream(log, true, StandardCharsets.UTF_8));
        HttpResponse<String> again = deliver(event);

        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(again.body()).contains("a pull request from " + branch + " is open already");
        assertThat(git.calls).extracting(c -> c.method()).containsExactly("GET", "GET", "POST", "GET", "PUT", "POST",
                "GET", "GET", "POST", "GET", "POST");
    }

    @Test
    void otherEventsAreAcknowledgedAndIgnored() throws Exception {
        Map<String, String> env = env("github-repository-dispatch");
        env.put("GITHUB_TOKEN", GH_TOKEN);
        env.put("GITHUB_REPOSITORY", "acme/support-prompts");
        env.put("GITHUB_API_URL", git.url());
        server = WebhookMain.start(env::get, new PrintStream(log, true, StandardCharsets.UTF_8));

        HttpResponse<String> answer = deliver("{\"details\": {\"prompt_template_id\": 123, \"prompt_template_name\":"
                + " \"support/ticket-classifier\"}, \"event_type\": \"prompt_template_deleted\"}");

        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(git.calls).isEmpty();
    }

    @Test
    void aFailedActionAnswers502AndTheRedeliveryIsCarriedOut() throws Exception {
        Map<String, String> env = env("github-repository-dispatch");
        env.put("GITHUB_TOKEN", GH_TOKEN);
        env.put("GITHUB_REPOSITORY", "acme/support-prompts");
        env.put("GITHUB_API_URL", git.url());
        routeHead();
        java.util.Set<String> refs = git.routeRefs("/repos/acme/support-prompts");
        String event = WebhookServerProcessTest.EVENT;
        String marker = "prompt-eval/deliveries/" + PromptChange.deliveryOf(sign(event, SECRET));
        // "Delete a reference": 204
        git.routes.put("DELETE /repos/acme/support-prompts/git/refs/" + marker, c -> {
            refs.remove("refs/" + marker);
            return new String[]{"204", ""};
        });
        server = WebhookMain.start(env::get, new PrintStream(log, true, StandardCharsets.UTF_8));

        HttpResponse<String> failed = deliver(event); // no route yet: GitHub answers 404
        assertThat(failed.statusCode()).isEqualTo(502);
        assertThat(failed.body()).contains("could not send repository_dispatch prompt-eval: HTTP 404");
        assertThat(refs).as("the claim is given back").isEmpty();
        git.routes.put("POST /repos/acme/support-prompts/dispatches", c -> new String[]{"204", ""});
        assertThat(deliver(event).statusCode()).isEqualTo(200);
        assertThat(git.calls).extracting(c -> c.method()).containsExactly("GET", "POST", "POST", "DELETE",
                "GET", "POST", "POST");
        assertThat(refs).containsExactly("refs/" + marker);
    }

    void routeHead() {
        git.routes.put("GET /repos/acme/support-prompts/git/ref/heads/main", c -> new String[]{"200", "{\"ref\":"
                + " \"refs/heads/main\", \"object\": {\"type\": \"commit\", \"sha\":"
                + " \"aa218f56b14c9653891f9e74264a383fa43fefbd\"}}"});
    }

    static com.fasterxml.jackson.databind.JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aMissingSettingIsReportedByNameWithoutStarting() {
        Map<String, String> env = new HashMap<>(Map.of("PROMPT_EVAL_ACTION", "github-pull-request",
                "PROMPTLAYER_API_KEY", PL_KEY));
        assertThatThrownBy(() -> WebhookMain.start(env::get, new PrintStream(log, true, StandardCharsets.UTF_8)))
                .isInstanceOf(WebhookException.class)
                .hasMessage("prompt-eval-webhook is not configured: PROMPTLAYER_WEBHOOK_SECRET is not set: copy the"
                        + " webhook's signing secret from PromptLayer (Settings > Webhooks); GITHUB_TOKEN is not set;"
                        + " GITHUB_REPOSITORY is not set");
        // the GitLab pipeline reads pipelines to recognise a delivery it started, so it needs the API token too
        assertThatThrownBy(() -> WebhookConfig.fromEnvironment(Map.of("PROMPT_EVAL_ACTION", "gitlab-pipeline",
                "PROMPTLAYER_API_KEY", PL_KEY, "PROMPTLAYER_WEBHOOK_SECRET", SECRET, "GITLAB_PROJECT", "42",
                "GITLAB_TRIGGER_TOKEN", "glptt-x")::get)).isInstanceOf(WebhookException.class)
                .hasMessage("prompt-eval-webhook is not configured: GITLAB_TOKEN is not set");
        env.put("PROMPT_EVAL_ACTION", "email");
        assertThatThrownBy(() -> WebhookConfig.fromEnvironment(env::get)).hasMessageContaining(
                "PROMPT_EVAL_ACTION \"email\" is unknown: use github-pull-request, gitlab-merge-request");
    }
}
