package dev.prompteval.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;

/**
 * GitLab's REST API v4 (gitlab.com, or {@code GITLAB_API_URL} for a self-managed instance): a merge request with
 * the pulled file (one commit with a create or update action on a new branch, then the merge request), or a
 * pipeline trigger.
 */
final class GitLabActions {
    private GitLabActions() {
    }

    /** GitLab wants the project path and file paths URL-encoded as one segment ({@code group%2Fproject}). */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static GitAction mergeRequest(WebhookConfig.GitLab gitlab) {
        RestCall rest = new RestCall(gitlab.apiUrl(), Map.of("PRIVATE-TOKEN", gitlab.token()), gitlab.token());
        String project = "/projects/" + encode(gitlab.project());
        return new GitAction() {
            @Override
            public String apply(PromptChange change, PulledFile file) {
                String branch = change.branch();
                RestCall.Answer existing = rest.json("GET", project + "/repository/files/" + encode(file.path())
                        + "?ref=" + encode(gitlab.baseBranch()), null, "read " + file.path() + " on "
                        + gitlab.baseBranch(), 200, 404);
                ObjectNode commit = RestCall.JSON.createObjectNode().put("branch", branch)
                        .put("start_branch", gitlab.baseBranch()).put("commit_message", change.title());
                commit.putArray("actions").addObject().put("action", existing.status() == 200 ? "update" : "create")
                        .put("file_path", file.path()).put("content", file.content());
                rest.json("POST", project + "/repository/commits", commit, "commit " + file.path() + " on "
                        + branch, 201);
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

    static GitAction pipelineTrigger(WebhookConfig.GitLab gitlab, WebhookConfig.Evaluation evaluation) {
        // the trigger token authenticates the call itself; no API token is needed
        RestCall rest = new RestCall(gitlab.apiUrl(), Map.of(), gitlab.triggerToken());
        String project = "/projects/" + encode(gitlab.project());
        return new GitAction() {
            @Override
            public String apply(PromptChange change, PulledFile file) {
                StringJoiner form = new StringJoiner("&");
                form.add("token=" + encode(gitlab.triggerToken()));
                form.add("ref=" + encode(gitlab.baseBranch()));
                evaluation.inputs(change).fields().forEachRemaining(e -> form.add("variables[" + e.getKey()
                        .toUpperCase(java.util.Locale.ROOT) + "]=" + encode(e.getValue().asText())));
                RestCall.Answer started = rest.send("POST", project + "/trigger/pipeline",
                        "application/x-www-form-urlencoded", form.toString(), "trigger a pipeline on "
                                + gitlab.baseBranch(), 201);
                return "started pipeline " + started.body().path("id").asText() + " "
                        + started.body().path("web_url").asText();
            }

            @Override
            public boolean writesFiles() {
                return false;
            }
        };
    }
}
