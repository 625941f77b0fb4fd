package dev.prompteval.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.prompteval.internal.registry.promptlayer.FakePromptLayer;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhook server started as the README says, as its own process through its main entry point
 * ({@code java ... dev.prompteval.webhook.WebhookMain}, the runnable jar's main class) and configured only by
 * environment variables, against loopback fakes: {@link FakePromptLayer} for the pull, and GitHub's and GitLab's
 * REST APIs. The fakes assert paths, headers and bodies; their answers are the examples of GitHub's REST reference
 * ("Get a reference", "Create a reference", "Get repository content", "Create or update file contents", "Create a
 * pull request") and GitLab's REST reference ("Get file from repository", "Create a commit with multiple files and
 * actions", "Create MR"), trimmed to the fields a client reads.
 */
class WebhookServerProcessTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SECRET = "whsec_test_5f2c9a";
    static final String PL_KEY = "pl_webhook_test_key";
    static final String GH_TOKEN = "ghp_testtoken000111";
    static final String GL_TOKEN = "glpat-testtoken222";
    static final String NAME = "support/ticket-classifier";
    /** A prompt_template_version_created event, serialised as PromptLayer signs it: Python's sorted json.dumps. */
    static final String EVENT = "{\"details\": {\"prompt_template_id\": 123, \"prompt_template_name\":"
            + " \"support/ticket-classifier\", \"prompt_template_version_number\": 2}, \"event_type\":"
            + " \"prompt_template_version_created\", \"timestamp\": \"2026-12-01T10:00:00.123456\", \"user_id\": 7,"
            + " \"workspace_id\": 42}";

    final FakePromptLayer promptLayer = new FakePromptLayer(PL_KEY);
    MockWebServer promptLayerServer;
    final FakeGitHost git = new FakeGitHost();
    Process process;
    final List<String> output = new CopyOnWriteArrayList<>();
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final HttpClient client = HttpClient.newHttpClient();

    /** A loopback Git host that records every call and answers from a route table. */
    static final class FakeGitHost {
        record Call(String method, String target, Map<String, List<String>> headers, String body) {
        }

        final List<Call> calls = new CopyOnWriteArrayList<>();
        final Map<String, Function<Call, String[]>> routes = new HashMap<>(); // "METHOD path" -> {status, body}
        HttpServer server;

        void start() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", this::handle);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                Call call = new Call(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath()
                        + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI()
                        .getRawQuery()), Map.copyOf(exchange.getRequestHeaders()),
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                calls.add(call);
                Function<Call, String[]> route = routes.get(call.method() + " " + call.target());
                // "METHOD path?*": any query (one with a time in it); the test asserts the query from the call
                if (route == null) route = routes.get(call.method() + " " + exchange.getRequestURI().getRawPath()
                        + "?*");
                String[] answer = route == null ? new String[]{"404", "{\"message\": \"Not Found\"}"}
                        : route.apply(call);
                byte[] bytes = answer[1].getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(Integer.parseInt(answer[0]), bytes.length == 0 ? -1 : bytes.length);
                if (bytes.length > 0) exchange.getResponseBody().write(bytes);
            }
        }

        /** The decoded query parameters of a call. */
        static Map<String, String> query(Call call) {
            Map<String, String> params = new HashMap<>();
            int at = call.target().indexOf('?');
            if (at < 0) return params;
            for (String pair : call.target().substring(at + 1).split("&")) {
                String[] kv = pair.split("=", 2);
                params.put(java.net.URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length < 2 ? "" : java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
            return params;
        }

        /**
         * GitHub's git refs as GitHub keeps them: "Create a reference" answers 201, or 422 "Reference already
         * exists"; "Delete a reference" answers 204. Returns the refs created.
         */
        java.util.Set<String> routeRefs(String repo) {
            java.util.Set<String> refs = java.util.concurrent.ConcurrentHashMap.newKeySet();
            routes.put("POST " + repo + "/git/refs", c -> {
                String ref = parseJson(c.body()).path("ref").asText();
                if (!refs.add(ref)) {
                    return new String[]{"422", "{\"message\": \"Reference already exists\", \"documentation_url\":"
                            + " \"https://docs.github.com/rest/git/refs#create-a-reference\", \"status\": \"422\"}"};
                }
                return new String[]{"201", "{\"ref\": \"" + ref + "\", \"object\": {\"type\": \"commit\","
                        + " \"sha\": \"aa218f56b14c9653891f9e74264a383fa43fefbd\"}}"};
            });
            return refs;
        }

        static JsonNode parseJson(String body) {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        String header(Call call, String name) {
            return call.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    @BeforeEach
    void start() throws Exception {
        promptLayerServer = promptLayer.start();
        promptLayer.seed(NAME, "{\"type\": \"chat\", \"messages\": [{\"role\": \"user\", \"content\": [{\"type\":"
                + " \"text\", \"text\": \"Classify: {ticket}\"}]}]}", "{\"model\": {\"provider\": \"openai\","
                + " \"name\": \"gpt-4o-mini\"}}");
        promptLayer.seed(NAME, "{\"type\": \"chat\", \"messages\": [{\"role\": \"system\", \"content\": [{\"type\":"
                + " \"text\", \"text\": \"Be brief. @@@support/house-style@@@\"}]}, {\"role\": \"user\", \"content\":"
                + " [{\"type\": \"text\", \"text\": \"Classify: {ticket}\"}]}]}", "{\"model\": {\"provider\":"
                + " \"openai\", \"name\": \"gpt-4o-mini\", \"parameters\": {\"temperature\": 0}}}");
        git.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (process != null) {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        git.server.stop(0);
        promptLayerServer.close();
    }

    /** Starts {@code WebhookMain} in its own JVM with only these environment variables; returns its base URL. */
    String launch(Map<String, String> settings) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), WebhookMain.class.getName());
        builder.environment().clear();
        builder.environment().putAll(settings);
        builder.redirectErrorStream(true);
        process = builder.start();
        Thread reader = new Thread(() -> {
            try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    output.add(line);
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        String first = lines.poll(60, TimeUnit.SECONDS);
        assertThat(first).as("the server's start-up line").isNotNull().contains("prompt-eval-webhook listening on");
        String port = first.replaceFirst("^.*?listening on http://127\\.0\\.0\\.1:(\\d+)/.*$", "$1");
        return "http://127.0.0.1:" + port;
    }

    /** Stops the server's process as a deployment's restart does, and starts a new one with the same settings. */
    String restart(Map<String, String> settings) throws Exception {
        process.destroy();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the server stopped").isTrue();
        lines.clear();
        return launch(settings);
    }

    /** Waits for the process to log a line containing {@code fragment} (its output arrives through a pipe). */
    void awaitLine(String fragment) throws InterruptedException {
        for (String line; (line = lines.poll(30, TimeUnit.SECONDS)) != null; ) {
            if (line.contains(fragment)) return;
        }
        throw new AssertionError("the server never logged \"" + fragment + "\"; it logged: " + output);
    }

    Map<String, String> common() {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", "0");
        env.put("BIND_ADDRESS", "127.0.0.1");
        env.put("PROMPTLAYER_WEBHOOK_SECRET", SECRET);
        env.put("PROMPTLAYER_API_KEY", PL_KEY);
        env.put("PROMPTLAYER_BASE_URL", promptLayerServer.url("/").toString());
        return env;
    }

    static String sign(String body, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    HttpResponse<String> deliver(String base, byte[] body, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/webhooks/promptlayer"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) request.header("X-PromptLayer-Signature", signature);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    void routeHead() {
        git.routes.put("GET /repos/acme/support-prompts/git/ref/heads/main", c -> new String[]{"200", "{\"ref\":"
                + " \"refs/heads/main\", \"node_id\": \"MDM6UmVmcmVmcy9oZWFkcy9mZWF0dXJlQQ==\", \"object\":"
                + " {\"type\": \"commit\", \"sha\": \"aa218f56b14c9653891f9e74264a383fa43fefbd\"}}"});
    }

    void routeGitHub() {
        String repo = "/repos/acme/support-prompts";
        String branch = "prompt-eval/support-ticket-classifier-v2";
        git.routes.put("GET " + repo + "/git/ref/heads/main", c -> new String[]{"200", "{\"ref\": \"refs/heads/main\","
                + " \"node_id\": \"MDM6UmVmcmVmcy9oZWFkcy9mZWF0dXJlQQ==\", \"object\": {\"type\": \"commit\","
                + " \"sha\": \"aa218f56b14c9653891f9e74264a383fa43fefbd\"}}"});
        git.routes.put("GET " + repo + "/pulls?head=acme%3Aprompt-eval%2Fsupport-ticket-classifier-v2&base=main"
                + "&state=all", c -> new String[]{"200", "[]"});
        git.routes.put("POST " + repo + "/git/refs", c -> new String[]{"201", "{\"ref\": \"refs/heads/" + branch
                + "\", \"object\": {\"type\": \"commit\", \"sha\": \"aa218f56b14c9653891f9e74264a383fa43fefbd\"}}"});
        git.routes.put("GET " + repo + "/contents/src/main/prompts/support/ticket-classifier.json?ref="
                + "prompt-eval%2Fsupport-ticket-classifier-v2", c -> new String[]{"200", "{\"type\": \"file\","
                + " \"encoding\": \"base64\", \"name\": \"ticket-classifier.json\", \"path\":"
                + " \"src/main/prompts/support/ticket-classifier.json\", \"sha\":"
                + " \"3d21ec53a331a6f037a91c368710b99387d012c1\"}"});
        git.routes.put("PUT " + repo + "/contents/src/main/prompts/support/ticket-classifier.json",
                c -> new String[]{"200", "{\"content\": {\"name\": \"ticket-classifier.json\", \"sha\":"
                        + " \"95b966ae1c166bd92f8ae7d1c313e738c731dfc3\"}, \"commit\": {\"sha\":"
                        + " \"7638417db6d59f3c431d3e1f261cc637155684cd\"}}"});
        git.routes.put("POST " + repo + "/pulls", c -> new String[]{"201", "{\"id\": 1, \"number\": 1347, \"state\":"
                + " \"open\", \"html_url\": \"https://github.com/acme/support-prompts/pull/1347\"}"});
    }

    @Test
    void aSignedVersionCreatedOpensOnePullRequestWithThePulledFileAndARedeliveryDoesNothing() throws Exception {
        routeGitHub();
        Map<String, String> env = common();
        env.put("PROMPT_EVAL_ACTION", "github-pull-request");
        env.put("GITHUB_TOKEN", GH_TOKEN);
        env.put("GITHUB_REPOSITORY", "acme/support-prompts");
        env.put("GITHUB_API_URL", git.url());
        String base = launch(env);

        HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"ok\"}");

        byte[] body = EVENT.getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> first = deliver(base, body, sign(EVENT, SECRET));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.body()).contains("opened pull request #1347");

        List<FakeGitHost.Call> calls = new ArrayList<>(git.calls);
        assertThat(calls).extracting(c -> c.method() + " " + c.target()).containsExactly(
                "GET /repos/acme/support-prompts/pulls?head=acme%3Aprompt-eval%2Fsupport-ticket-classifier-v2"
                        + "&base=main&state=all",
                "GET /repos/acme/support-prompts/git/ref/heads/main",
                "POST /repos/acme/support-prompts/git/refs",
                "GET /repos/acme/support-prompts/contents/src/main/prompts/support/ticket-classifier.json"
                        + "?ref=prompt-eval%2Fsupport-ticket-classifier-v2",
                "PUT /repos/acme/support-prompts/contents/src/main/prompts/support/ticket-classifier.json",
                "POST /repos/acme/support-prompts/pulls");
        for (FakeGitHost.Call call : calls) {
            assertThat(git.header(call, "Authorization")).isEqualTo("Bearer " + GH_TOKEN);
            assertThat(git.header(call, "Accept")).isEqualTo("application/vnd.github+json");
            assertThat(git.header(call, "X-GitHub-Api-Version")).isEqualTo("2022-11-28");
        }
        assertThat(JSON.readTree(calls.get(2).body())).isEqualTo(JSON.readTree("{\"ref\":"
                + " \"refs/heads/prompt-eval/support-ticket-classifier-v2\","
                + " \"sha\": \"aa218f56b14c9653891f9e74264a383fa43fefbd\"}"));
        JsonNode put = JSON.readTree(calls.get(4).body());
        assertThat(put.path("branch").asText()).isEqualTo("prompt-eval/support-ticket-classifier-v2");
        assertThat(put.path("sha").asText()).isEqualTo("3d21ec53a331a6f037a91c368710b99387d012c1");
        assertThat(put.path("message").asText()).isEqualTo("Prompt support/ticket-classifier version 2");
        JsonNode file = JSON.readTree(Base64.getDecoder().decode(put.path("content").asText()));
        // the pulled version 2 as stored: snippet kept as a reference, no server-filled defaults
        assertThat(file).isEqualTo(JSON.readTree("""
                {"prompt_template": {"type": "chat", "messages": [
                   {"role": "system", "content": [{"type": "text", "text": "Be brief. @@@support/house-style@@@"}]},
                   {"role": "user", "content": [{"type": "text", "text": "Classify: {ticket}"}]}]},
                 "metadata": {"model": {"provider": "openai", "name": "gpt-4o-mini", "parameters": {"temperature": 0}}}}
                """));
        JsonNode pull = JSON.readTree(calls.get(5).body());
        assertThat(pull.path("head").asText()).isEqualTo("prompt-eval/support-ticket-classifier-v2");
        assertThat(pull.path("base").asText()).isEqualTo("main");
        assertThat(pull.path("title").asText()).isEqualTo("Prompt support/ticket-classifier version 2");

        // PromptLayer sends the same delivery again (it got no answer in time): nothing more happens
        HttpResponse<String> again = deliver(base, body, sign(EVENT, SECRET));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("duplicate");
        assertThat(git.calls).hasSize(6);

        awaitLine("opened pull request #1347");
        awaitLine("was delivered again; ignored");
        assertThat(String.join("\n", output)).doesNotContain(SECRET, PL_KEY, GH_TOKEN);
    }

    @Test
    void aBadSignatureGets401AndTouchesNothingAndAnOversizedBodyIsRefused() throws Exception {
        routeGitHub();
        Map<String, String> env = common();
        env.put("PROMPT_EVAL_ACTION", "github-pull-request");
        env.put("GITHUB_TOKEN", GH_TOKEN);
        env.put("GITHUB_REPOSITORY", "acme/support-prompts");
        env.put("GITHUB_API_URL", git.url());
        String base = launch(env);
        int promptLayerCalls = promptLayer.requests.size();

        HttpResponse<String> forged = deliver(base, EVENT.getBytes(StandardCharsets.UTF_8), sign(EVENT, "not-it"));
        assertThat(forged.statusCode()).isEqualTo(401);
        HttpResponse<String> unsigned = deliver(base, EVENT.getBytes(StandardCharsets.UTF_8), null);
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(git.calls).isEmpty();
        assertThat(promptLayer.requests).hasSize(promptLayerCalls);

        byte[] mebibyte = new byte[1024 * 1024];
        java.util.Arrays.fill(mebibyte, (byte) ' ');
        HttpResponse<String> huge = deliver(base, mebibyte, sign(new String(mebibyte, StandardCharsets.UTF_8), SECRET));
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(git.calls).isEmpty();

        // a rightly signed delivery still works afterwards
        assertThat(deliver(base, EVENT.getBytes(StandardCharsets.UTF_8), sign(EVENT, SECRET)).statusCode())
                .isEqualTo(200);
        assertThat(git.calls).hasSize(6);
        awaitLine("opened pull request #1347");
        assertThat(String.join("\n", output)).doesNotContain(SECRET, PL_KEY, GH_TOKEN)
                .contains("refused a delivery whose X-PromptLayer-Signature does not match",
                        "refused a body larger than");
    }

    @Test
    void onGitLabItCommitsThePulledFileAndOpensAMergeRequest() throws Exception {
        String project = "/api/v4/projects/acme%2Fsupport-prompts";
        git.routes.put("GET " + project + "/merge_requests?source_branch=prompt-eval%2Fsupport-ticket-classifier-v2"
                + "&target_branch=main&state=all", c -> new String[]{"200", "[]"});
        git.routes.put("GET " + project + "/repository/branches/prompt-eval%2Fsupport-ticket-classifier-v2",
                c -> new String[]{"404", "{\"message\": \"404 Branch Not Found\"}"});
        git.routes.put("GET " + project + "/repository/files/src%2Fmain%2Fprompts%2Fsupport%2Fticket-classifier.json"
                + "?ref=main", c -> new String[]{"404", "{\"message\": \"404 File Not Found\"}"});
        git.routes.put("POST " + project + "/repository/commits", c -> new String[]{"201", "{\"id\":"
                + " \"ed899a2f4b50b4370feeea94676502b42383c746\", \"short_id\": \"ed899a2f4b5\", \"title\":"
                + " \"some commit message\"}"});
        git.routes.put("POST " + project + "/merge_requests", c -> new String[]{"201", "{\"id\": 1, \"iid\": 12,"
                + " \"state\": \"opened\", \"web_url\": \"https://gitlab.example.com/acme/support-prompts/-/merge_requests/12\"}"});
        Map<String, String> env = common();
        env.put("PROMPT_EVAL_ACTION", "gitlab-merge-request");
        env.put("GITLAB_TOKEN", GL_TOKEN);
        env.put("GITLAB_PROJECT", "acme/support-prompts");
        env.put("GITLAB_API_URL", git.url() + "/api/v4");
        String base = launch(env);

        HttpResponse<String> answer = deliver(base, EVENT.getBytes(StandardCharsets.UTF_8), sign(EVENT, SECRET));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("opened merge request !12");
        assertThat(git.calls).extracting(c -> c.method() + " " + c.target()).containsExactly(
                "GET " + project + "/merge_requests?source_branch=prompt-eval%2Fsupport-ticket-classifier-v2"
                        + "&target_branch=main&state=all",
                "GET " + project + "/repository/branches/prompt-eval%2Fsupport-ticket-classifier-v2",
                "GET " + project + "/repository/files/src%2Fmain%2Fprompts%2Fsupport%2Fticket-classifier.json?ref=main",
                "POST " + project + "/repository/commits",
                "POST " + project + "/merge_requests");
        git.calls.forEach(c -> assertThat(git.header(c, "PRIVATE-TOKEN")).isEqualTo(GL_TOKEN));
        JsonNode commit = JSON.readTree(git.calls.get(3).body());
        assertThat(commit.path("branch").asText()).isEqualTo("prompt-eval/support-ticket-classifier-v2");
        assertThat(commit.path("start_branch").asText()).isEqualTo("main");
        assertThat(commit.at("/actions/0/action").asText()).isEqualTo("create");
        assertThat(commit.at("/actions/0/file_path").asText()).isEqualTo("src/main/prompts/support/ticket-classifier.json");
        assertThat(JSON.readTree(commit.at("/actions/0/content").asText()).at("/prompt_template/messages/0/content/0/text")
                .asText()).isEqualTo("Be brief. @@@support/house-style@@@");
        JsonNode request = JSON.readTree(git.calls.get(4).body());
        assertThat(request.path("source_branch").asText()).isEqualTo("prompt-eval/support-ticket-classifier-v2");
        assertThat(request.path("target_branch").asText()).isEqualTo("main");
        awaitLine("opened merge request !12");
        assertThat(String.join("\n", output)).doesNotContain(SECRET, PL_KEY, GL_TOKEN);
    }

    @Test
    void aPipelineStartIsARepositoryDispatchCarryingTheCandidateAndBaseline() throws Exception {
        git.routes.put("POST /repos/acme/support-prompts/dispatches", c -> new String[]{"204", ""});
        routeHead();
        git.routeRefs("/repos/acme/support-prompts");
        Map<String, String> env = common();
        env.put("PROMPT_EVAL_ACTION", "github-repository-dispatch");
        env.put("GITHUB_TOKEN", GH_TOKEN);
        env.put("GITHUB_REPOSITORY", "acme/support-prompts");
        env.put("GITHUB_API_URL", git.url());
        String base = launch(env);

        assertThat(deliver(base, EVENT.getBytes(StandardCharsets.UTF_8), sign(EVENT, SECRET)).statusCode())
                .isEqualTo(200);

        assertThat(git.calls).hasSize(3);
        assertThat(JSON.readTree(git.calls.get(2).body())).isEqualTo(JSON.readTree("""
                {"event_type": "prompt-eval", "client_payload": {"prompt_eval_prompt": "support/ticket-classifier",
                 "prompt_eval_candidate": "version:2", "prompt_eval_baseline": "label:prod",
                 "prompt_eval_release_label": "prod"}}
                """));
    }

    Map<String, String> gitHubEnv(String action) {
        Map<String, String> env = common();
        env.put("PROMPT_EVAL_ACTION", action);
        env.put("GITHUB_TOKEN", GH_TOKEN);
        env.put("GITHUB_REPOSITORY", "acme/support-prompts");
        env.put("GITHUB_API_URL", git.url());
        return env;
    }

    Map<String, String> gitLabEnv(String action) {
        Map<String, String> env = common();
        env.put("PROMPT_EVAL_ACTION", action);
        env.put("GITLAB_TOKEN", GL_TOKEN);
        env.put("GITLAB_PROJECT", "acme/support-prompts");
        env.put("GITLAB_API_URL", git.url() + "/api/v4");
        return env;
    }

    long count(String methodAndTarget) {
        return git.calls.stream().filter(c -> (c.method() + " " + c.target()).startsWith(methodAndTarget)).count();
    }

    @Test
    void afterARestartARedeliveryFindsTheMergedPullRequestAndTouchesNoBranch() throws Exception {
        routeGitHub();
        String pulls = "GET /repos/acme/support-prompts/pulls?head=acme%3Aprompt-eval%2Fsupport-ticket-classifier-v2"
                + "&base=main&state=all";
        Map<String, String> env = gitHubEnv("github-pull-request");
        String base = launch(env);
        assertThat(deliver(base, EVENT.getBytes(StandardCharsets.UTF_8), sign(EVENT, SECRET)).body())
                .contains("opened pull request #1347");
        // the pull request is merged and its branch deleted ("List pull requests": a closed one with merged_at)
        git.routes.put(pulls, c -> new String[]{"200", "[{\"number\": 1347, \"state\": \"closed\", \"merged_at\":"
                + " \"2026-12-01T11:00:00Z\", \"head\": {\"ref\": \"prompt-eval/support-ticket-classifier-v2\"}}]"});
        git.calls.clear();

        base = restart(env);
        HttpResponse<String> again = deliver(base, EVENT.getBytes(StandardCharsets.UTF_8), sign(EVENT, SECRET));

        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(again.body()).contains("pull request #1347 from prompt-eval/support-ticket-classifier-v2 exists"
                + " already (merged)");
        assertThat(git.calls).extracting(c -> c.method() + " " + c.target()).containsExactly(pulls);
    }

    @Test
    void onGitLabARedeliveryAfterRestartsReusesTheBranchAndOpensOneMergeRequest() throws Exception {
        String project = "/api/v4/projects/acme%2Fsupport-prompts";
        String branch = "prompt-eval/support-ticket-classifier-v2";
        String file = project + "/repository/files/src%2Fmain%2Fprompts%2Fsupport%2Fticket-classifier.json";
        String[] committed = {null};
        boolean[] opened = {false};
        int[] attempts = {0};
        // answers as GitLab's REST reference shows them: "List merge requests", "Get single repository branch",
        // "Get file from repository" (base64 content), "Create a commit with multiple files and actions", "Create MR"
        git.routes.put("GET " + project + "/merge_requests?source_branch=prompt-eval%2Fsupport-ticket-classifier-v2"
                + "&target_branch=main&state=all", c -> new String[]{"200", opened[0] ? "[{\"id\": 1, \"iid\": 12,"
                + " \"state\": \"opened\", \"source_branch\": \"" + branch + "\", \"target_branch\": \"main\","
                + " \"web_url\": \"https://gitlab.example.com/acme/support-prompts/-/merge_requests/12\"}]" : "[]"});
        git.routes.put("GET " + project + "/repository/branches/prompt-eval%2Fsupport-ticket-classifier-v2",
                c -> committed[0] == null ? new String[]{"404", "{\"message\": \"404 Branch Not Found\"}"}
                        : new String[]{"200", "{\"name\": \"" + branch + "\", \"merged\": false, \"protected\":"
                        + " false, \"commit\": {\"id\": \"ed899a2f4b50b4370feeea94676502b42383c746\"}}"});
        git.routes.put("GET " + file + "?ref=main", c -> new String[]{"404", "{\"message\": \"404 File Not Found\"}"});
        git.routes.put("GET " + file + "?ref=prompt-eval%2Fsupport-ticket-classifier-v2", c -> new String[]{"200",
                "{\"file_name\": \"ticket-classifier.json\", \"file_path\":"
                        + " \"src/main/prompts/support/ticket-classifier.json\", \"encoding\": \"base64\", \"content\": \""
                        + Base64.getEncoder().encodeToString(committed[0].getBytes(StandardCharsets.UTF_8))
                        + "\", \"ref\": \"" + branch + "\", \"blob_id\": \"79f7bbd25901e8334750839545a9bd021f0e4c83\"}"});
        git.routes.put("POST " + project + "/repository/commits", c -> {
            committed[0] = FakeGitHost.parseJson(c.body()).at("/actions/0/content").asText();
            return new String[]{"201", "{\"id\": \"ed899a2f4b50b4370feeea94676502b42383c746\", \"short_id\":"
                    + " \"ed899a2f4b5\", \"title\": \"Prompt support/ticket-classifier version 2\"}"};
        });
        git.routes.put("POST " + project + "/merge_requests", c -> {
            if (attempts[0]++ == 0) return new String[]{"500", "{\"message\": \"500 Internal Server Error\"}"};
            opened[0] = true;
            return new String[]{"201", "{\"id\": 1, \"iid\": 12, \"state\": \"opened\", \"web_url\":"
                    + " \"https://gitlab.example.com/acme/support-prompts/-/merge_requests/12\"}"};
        });
        Map<String, String> env = gitLabEnv("gitlab-merge-request");
        byte[] body = EVENT.getBytes(StandardCharsets.UTF_8);

        // the commit lands, then GitLab fails to open the merge request
        String base = launch(env);
        assertThat(deliver(base, body, sign(EVENT, SECRET)).statusCode()).isEqualTo(502);
        assertThat(count("POST " + project + "/repository/commits")).isEqualTo(1);

        // PromptLayer's next attempt reaches a restarted server: the branch and its file are there, only the merge
        // request is missing
        base = restart(env);
        HttpResponse<String> second = deliver(base, body, sign(EVENT, SECRET));
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(second.body()).contains("opened merge request !12");
        assertThat(count("POST " + project + "/repository/commits")).as("no second commit").isEqualTo(1);

        // and once more after another restart: the merge request is found, nothing is written
        base = restart(env);
        HttpResponse<String> third = deliver(base, body, sign(EVENT, SECRET));
        assertThat(third.statusCode()).as(third.body()).isEqualTo(200);
        assertThat(third.body()).contains("merge request !12 from " + branch + " exists already (opened)");
        assertThat(count("POST " + project + "/repository/commits")).isEqualTo(1);
        assertThat(count("POST " + project + "/merge_requests")).isEqualTo(2); // the failed one and the one opened
        git.calls.forEach(c -> assertThat(git.header(c, "PRIVATE-TOKEN")).isEqualTo(GL_TOKEN));
        assertThat(String.join("\n", output)).doesNotContain(SECRET, PL_KEY, GL_TOKEN);
    }

    @Test
    void onGitLabARedeliveryAfterARestartFindsThePipelineItStartedByItsDeliveryVariable() throws Exception {
        String project = "/api/v4/projects/acme%2Fsupport-prompts";
        String delivery = PromptChange.deliveryOf(sign(EVENT, SECRET));
        // "List project pipelines" and "Get variables of a pipeline", as GitLab's REST reference shows them; an
        // earlier triggered pipeline of another delivery is there from the start
        List<String> pipelines = new CopyOnWriteArrayList<>(List.of("{\"id\": 250, \"iid\": 2, \"status\":"
                + " \"success\", \"source\": \"trigger\", \"ref\": \"main\", \"web_url\":"
                + " \"https://gitlab.example.com/acme/support-prompts/-/pipelines/250\"}"));
        git.routes.put("GET " + project + "/pipelines?*", c -> { // newest first, as GitLab lists them
            List<String> newestFirst = new ArrayList<>(pipelines);
            java.util.Collections.reverse(newestFirst);
            return new String[]{"200", "[" + String.join(", ", newestFirst) + "]"};
        });
        git.routes.put("GET " + project + "/pipelines/250/variables", c -> new String[]{"200", "[{\"key\":"
                + " \"PROMPT_EVAL_DELIVERY\", \"variable_type\": \"env_var\", \"value\": \"0123456789abcdef01234567\"}]"});
        String[] started = {null};
        git.routes.put("POST " + project + "/trigger/pipeline", c -> {
            started[0] = c.body();
            pipelines.add("{\"id\": 257, \"iid\": 3, \"status\": \"created\", \"source\": \"trigger\", \"ref\":"
                    + " \"main\", \"web_url\": \"https://gitlab.example.com/acme/support-prompts/-/pipelines/257\"}");
            return new String[]{"201", "{\"id\": 257, \"iid\": 3, \"ref\": \"main\", \"status\": \"created\","
                    + " \"web_url\": \"https://gitlab.example.com/acme/support-prompts/-/pipelines/257\"}"};
        });
        git.routes.put("GET " + project + "/pipelines/257/variables", c -> {
            StringBuilder variables = new StringBuilder("[");
            for (String pair : started[0].split("&")) {
                String key = java.net.URLDecoder.decode(pair.split("=", 2)[0], StandardCharsets.UTF_8);
                if (!key.startsWith("variables[")) continue;
                String value = java.net.URLDecoder.decode(pair.split("=", 2)[1], StandardCharsets.UTF_8);
                if (variables.length() > 1) variables.append(", ");
                variables.append(JSON.createObjectNode().put("key", key.substring(10, key.length() - 1))
                        .put("variable_type", "env_var").put("value", value));
            }
            return new String[]{"200", variables.append("]").toString()};
        });
        Map<String, String> env = gitLabEnv("gitlab-pipeline");
        env.put("GITLAB_TRIGGER_TOKEN", "glptt-trigger-secret");
        byte[] body = EVENT.getBytes(StandardCharsets.UTF_8);

        String base = launch(env);
        HttpResponse<String> first = deliver(base, body, sign(EVENT, SECRET));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.body()).contains("started pipeline 257");
        assertThat(started[0]).contains("variables[PROMPT_EVAL_DELIVERY]=" + delivery);

        base = restart(env);
        HttpResponse<String> again = deliver(base, body, sign(EVENT, SECRET));

        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(again.body()).contains("pipeline 257 https://gitlab.example.com/acme/support-prompts/-/pipelines/257"
                + " was started for this delivery already");
        assertThat(count("POST " + project + "/trigger/pipeline")).isEqualTo(1);
        FakeGitHost.Call list = git.calls.stream().filter(c -> c.target().startsWith(project + "/pipelines?"))
                .findFirst().orElseThrow();
        Map<String, String> query = FakeGitHost.query(list);
        assertThat(query).containsEntry("ref", "main").containsEntry("source", "trigger")
                .containsEntry("per_page", "100").containsEntry("page", "1");
        java.time.Instant since = java.time.Instant.parse(query.get("updated_after"));
        assertThat(since).isBefore(java.time.Instant.now()).isAfter(java.time.Instant.now().minus(
                java.time.Duration.ofDays(2)));
        for (FakeGitHost.Call call : git.calls) {
            // the API calls carry the API token; the trigger call only its trigger token, in the form
            assertThat(git.header(call, "PRIVATE-TOKEN")).isEqualTo(call.target().endsWith("/trigger/pipeline")
                    ? null : GL_TOKEN);
        }
        assertThat(String.join("\n", output)).doesNotContain(SECRET, PL_KEY, GL_TOKEN, "glptt-trigger-secret");
    }

    @Test
    void aRepositoryDispatchRedeliveredAfterARestartFindsItsMarkerAndStartsNothing() throws Exception {
        git.routes.put("POST /repos/acme/support-prompts/dispatches", c -> new String[]{"204", ""});
        routeHead();
        java.util.Set<String> refs = git.routeRefs("/repos/acme/support-prompts");
        Map<String, String> env = gitHubEnv("github-repository-dispatch");
        byte[] body = EVENT.getBytes(StandardCharsets.UTF_8);

        String base = launch(env);
        assertThat(deliver(base, body, sign(EVENT, SECRET)).body()).contains("sent repository_dispatch prompt-eval");
        String marker = "refs/prompt-eval/deliveries/" + PromptChange.deliveryOf(sign(EVENT, SECRET));
        assertThat(refs).containsExactly(marker);

        base = restart(env);
        HttpResponse<String> again = deliver(base, body, sign(EVENT, SECRET));

        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(again.body()).contains("repository_dispatch prompt-eval was started for this delivery already ("
                + marker + ")");
        assertThat(count("POST /repos/acme/support-prompts/dispatches")).isEqualTo(1);

        // another event (a later timestamp) is another delivery: it starts its own run
        String later = EVENT.replace("10:00:00.123456", "10:30:00.000001");
        assertThat(deliver(base, later.getBytes(StandardCharsets.UTF_8), sign(later, SECRET)).body())
                .contains("sent repository_dispatch prompt-eval");
        assertThat(count("POST /repos/acme/support-prompts/dispatches")).isEqualTo(2);
        assertThat(String.join("\n", output)).doesNotContain(SECRET, PL_KEY, GH_TOKEN);
    }
}
