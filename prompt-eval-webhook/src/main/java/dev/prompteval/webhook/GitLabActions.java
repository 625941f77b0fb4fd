package dev.prompteval.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import java.util.StringJoiner;

/**
 * GitLab's REST API v4 (gitlab.com, or {@code GITLAB_API_URL} for a self-managed instance): a merge request with
 * the pulled file (one commit with a create or update action on a new branch, then the merge request), or a
 * pipeline trigger. Both are safe to repeat after a restart: they ask GitLab what a delivery already did.
 */
final class GitLabActions {
    private GitLabActions() {
    }

    /** GitLab wants the project path and file paths URL-encoded as one segment ({@code group%2Fproject}). */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The pipeline variable that carries the delivery's identity, by which a redelivery finds its pipeline. */
    static final String DELIVERY_VARIABLE = "PROMPT_EVAL_DELIVERY";
    /** How far back a redelivery looks for the pipeline it started: PromptLayer redelivers within hours. */
    static final Duration LOOK_BACK = Duration.ofDays(1);
    private static final int PAGE = 100;
    private static final int MAX_PAGES = 5;

    private static RestCall api(WebhookConfig.GitLab gitlab) {
        return new RestCall(gitlab.apiUrl(), Map.of("PRIVATE-TOKEN", gitlab.token()), gitlab.token());
    }

    /**
     * Safe to repeat, also after a restart: the branch is named after the change, and the remote is asked before
     * each step. A merge request from the branch in any state (open, merged, closed) means the change was handled;
     * an existing branch is reused, and its file is committed only when it differs.
     */
    static GitAction mergeRequest(WebhookConfig.GitLab gitlab) {
        RestCall rest = api(gitlab);
        String project = "/projects/" + encode(gitlab.project());
        return new GitAction() {
            @Override
            public String apply(PromptChange change, PulledFile file) {
                String branch = change.branch();
                JsonNode requests = rest.json("GET", project + "/merge_requests?source_branch=" + encode(branch)
                        + "&target_branch=" + encode(gitlab.baseBranch()) + "&state=all", null,
                        "list the merge requests from " + branch, 200).body();
                if (requests.isArray() && !requests.isEmpty()) {
                    JsonNode first = requests.get(0);
                    return "merge request !" + first.path("iid").asText() + " from " + branch + " exists already ("
                            + first.path("state").asText() + ")";
                }
                boolean branchExists = rest.json("GET", project + "/repository/branches/" + encode(branch), null,
                        "read branch " + branch, 200, 404).status() == 200;
                String ref = branchExists ? branch : gitlab.baseBranch();
                RestCall.Answer existing = rest.json("GET", project + "/repository/files/" + encode(file.path())
                        + "?ref=" + encode(ref), null, "read " + file.path() + " on " + ref, 200, 404);
                boolean same = branchExists && existing.status() == 200 && decoded(existing.body()).equals(
                        file.content());
                if (!same) {
                    ObjectNode commit = RestCall.JSON.createObjectNode().put("branch", branch)
                            .put("commit_message", change.title());
                    // a branch left by a delivery handled before a restart is committed to, not started again
                    if (!branchExists) commit.put("start_branch", gitlab.baseBranch());
                    commit.putArray("actions").addObject().put("action", existing.status() == 200 ? "update"
                            : "create").put("file_path", file.path()).put("content", file.content());
                    rest.json("POST", project + "/repository/commits", commit, "commit " + file.path() + " on "
                            + branch, 201);
                }
                ObjectNode request = RestCall.JSON.createObjectNode().put("source_branch", branch)
                        .put("target_branch", gitlab.baseBranch()).put("title", change.title())
                        .put("description", GitHubActions.description(change, file))
                        .put("remove_source_branch", true);
                RestCall.Answer opened = rest.json("POST", project + "/merge_requests", request,
                        "open the merge request", 201);
                return "opened merge request !" + opened.body().path("iid").asText() + " "
                        + opened.body().path("web_url").asText() + " with " + file.path();
            }

            @Override
            public boolean writesFiles() {
                return true;
            }
        };
    }

    /**
     * Starts a pipeline with the change's inputs and {@value #DELIVERY_VARIABLE}; before that, the triggered
     * pipelines of the last {@link #LOOK_BACK} on the base branch are asked for that variable, so a delivery seen
     * again (after a restart too) finds the pipeline it started instead of starting another. The lookup needs an API
     * token ({@code GITLAB_TOKEN}); the trigger token alone cannot read pipelines.
     */
    static GitAction pipelineTrigger(WebhookConfig.GitLab gitlab, WebhookConfig.Evaluation evaluation, Clock clock) {
        RestCall api = api(gitlab);
        // the trigger token authenticates the call itself
        RestCall trigger = new RestCall(gitlab.apiUrl(), Map.of(), gitlab.triggerToken());
        String project = "/projects/" + encode(gitlab.project());
        return new GitAction() {
            @Override
            public String apply(PromptChange change, PulledFile file) {
                JsonNode started = startedBefore(change.delivery());
                if (started != null) {
                    return "pipeline " + started.path("id").asText() + " " + started.path("web_url").asText()
                            + " was started for this delivery already; not started again";
                }
                StringJoiner form = new StringJoiner("&");
                form.add("token=" + encode(gitlab.triggerToken()));
                form.add("ref=" + encode(gitlab.baseBranch()));
                evaluation.inputs(change).fields().forEachRemaining(e -> form.add("variables[" + e.getKey()
                        .toUpperCase(java.util.Locale.ROOT) + "]=" + encode(e.getValue().asText())));
                form.add("variables[" + DELIVERY_VARIABLE + "]=" + encode(change.delivery()));
                RestCall.Answer answer = trigger.send("POST", project + "/trigger/pipeline",
                        "application/x-www-form-urlencoded", form.toString(), "trigger a pipeline on "
                                + gitlab.baseBranch(), 201);
                return "started pipeline " + answer.body().path("id").asText() + " "
                        + answer.body().path("web_url").asText();
            }

            /** The triggered pipeline whose {@value #DELIVERY_VARIABLE} is {@code delivery}, or null. */
            private JsonNode startedBefore(String delivery) {
                String since = DateTimeFormatter.ISO_INSTANT.format(clock.instant().minus(LOOK_BACK)
                        .truncatedTo(ChronoUnit.SECONDS));
                for (int page = 1; page <= MAX_PAGES; page++) {
                    JsonNode pipelines = api.json("GET", project + "/pipelines?ref=" + encode(gitlab.baseBranch())
                            + "&source=trigger&updated_after=" + encode(since) + "&per_page=" + PAGE + "&page="
                            + page, null, "list the triggered pipelines on " + gitlab.baseBranch(), 200).body();
                    if (!pipelines.isArray()) return null;
                    for (JsonNode pipeline : pipelines) {
                        JsonNode variables = api.json("GET", project + "/pipelines/" + pipeline.path("id").asLong()
                                + "/variables", null, "read the variables of pipeline " + pipeline.path("id")
                                .asText(), 200).body();
                        for (JsonNode variable : variables) {
                            if (DELIVERY_VARIABLE.equals(variable.path("key").asText())
                                    && delivery.equals(variable.path("value").asText())) {
                                return pipeline;
                            }
                        }
                    }
                    if (pipelines.size() < PAGE) return null;
                }
                return null;
            }

            @Override
            public boolean writesFiles() {
                return false;
            }
        };
    }

    /** A file answer's content: GitLab sends it base64-encoded. */
    private static String decoded(JsonNode file) {
        String content = file.path("content").asText("");
        if (!"base64".equals(file.path("encoding").asText("base64"))) return content;
        return new String(Base64.getMimeDecoder().decode(content), StandardCharsets.UTF_8);
    }
}
