package dev.prompteval.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * GitHub's REST API (api.github.com, or {@code GITHUB_API_URL} for GitHub Enterprise): a pull request with the
 * pulled file (create the branch from the base branch's head, create or update the file on it, open the pull
 * request), a {@code repository_dispatch}, or a {@code workflow_dispatch}.
 */
final class GitHubActions {
    private GitHubActions() {
    }

    private static RestCall rest(WebhookConfig.GitHub github) {
        return new RestCall(github.apiUrl(), Map.of(
                "Authorization", "Bearer " + github.token(),
                "Accept", "application/vnd.github+json",
                "X-GitHub-Api-Version", "2022-11-28",
                "User-Agent", "prompt-eval-webhook"), github.token());
    }

    private static String repo(WebhookConfig.GitHub github) {
        return "/repos/" + github.repository();
    }

    /** Each path segment encoded; the {@code /} between them kept, as the contents API wants. */
    static String encodePath(String path) {
        return Arrays.stream(path.split("/")).map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8)
                .replace("+", "%20")).collect(Collectors.joining("/"));
    }

    static GitAction pullRequest(WebhookConfig.GitHub github) {
        RestCall rest = rest(github);
        String repo = repo(github);
        return new GitAction() {
            @Override
            public String apply(PromptChange change, PulledFile file) {
                String branch = change.branch();
                String head = rest.json("GET", repo + "/git/ref/heads/" + encodePath(github.baseBranch()), null,
                        "read the head of branch " + github.baseBranch() + " of " + github.repository(), 200)
                        .body().path("object").path("sha").asText();
                ObjectNode ref = RestCall.JSON.createObjectNode().put("ref", "refs/heads/" + branch).put("sha", head);
                // 422: the branch exists already (a delivery handled before a restart); carry on with it
                alreadyExists(rest.json("POST", repo + "/git/refs", ref, "create branch " + branch, 201, 422),
                        "create branch " + branch);
                String contents = repo + "/contents/" + encodePath(file.path());
                RestCall.Answer existing = rest.json("GET", contents + "?ref=" + URLEncoder.encode(branch,
                        StandardCharsets.UTF_8), null, "read " + file.path() + " on " + branch, 200, 404);
                String encoded = Base64.getEncoder().encodeToString(file.content().getBytes(StandardCharsets.UTF_8));
                boolean same = existing.status() == 200 && existing.body().path("content").asText()
                        .replace("\n", "").equals(encoded);
                if (!same) {
                    ObjectNode put = RestCall.JSON.createObjectNode().put("message", change.title())
                            .put("content", encoded).put("branch", branch);
                    if (existing.status() == 200) put.put("sha", existing.body().path("sha").asText());
                    rest.json("PUT", contents, put, "write " + file.path() + " on " + branch, 200, 201);
                }
                ObjectNode pull = RestCall.JSON.createObjectNode().put("title", change.title()).put("head", branch)
                        .put("base", github.baseBranch()).put("body", description(change, file));
                // 422: a pull request for the branch is open already
                RestCall.Answer opened = rest.json("POST", repo + "/pulls", pull, "open the pull request", 201, 422);
                if (alreadyExists(opened, "open the pull request")) {
                    return "a pull request from " + branch + " is open already";
                }
                return "opened pull request #" + opened.body().path("number").asText() + " "
                        + opened.body().path("html_url").asText() + " with " + file.path();
            }

            @Override
            public boolean writesFiles() {
                return true;
            }
        };
    }

    static GitAction repositoryDispatch(WebhookConfig.GitHub github, WebhookConfig.Evaluation evaluation) {
        RestCall rest = rest(github);
        return new GitAction() {
            @Override
            public String apply(PromptChange change, PulledFile file) {
                ObjectNode body = RestCall.JSON.createObjectNode().put("event_type", github.eventType());
                body.set("client_payload", evaluation.inputs(change));
                rest.json("POST", repo(github) + "/dispatches", body, "send repository_dispatch "
                        + github.eventType(), 204);
                return "sent repository_dispatch " + github.eventType() + " to " + github.repository();
            }

            @Override
            public boolean writesFiles() {
                return false;
            }
        };
    }

    static GitAction workflowDispatch(WebhookConfig.GitHub github, WebhookConfig.Evaluation evaluation) {
        RestCall rest = rest(github);
        return new GitAction() {
            @Override
            public String apply(PromptChange change, PulledFile file) {
                ObjectNode body = RestCall.JSON.createObjectNode().put("ref", github.baseBranch());
                body.set("inputs", evaluation.inputs(change));
                rest.json("POST", repo(github) + "/actions/workflows/" + encodePath(github.workflow())
                        + "/dispatches", body, "start workflow " + github.workflow(), 200, 204);
                return "started workflow " + github.workflow() + " on " + github.baseBranch() + " of "
                        + github.repository();
            }

            @Override
            public boolean writesFiles() {
                return false;
            }
        };
    }

    /**
     * True when a 422 answer says the thing exists already (GitHub's "Reference already exists", "A pull request
     * already exists for ..."); another 422 is a failure.
     */
    private static boolean alreadyExists(RestCall.Answer answer, String what) {
        if (answer.status() != 422) return false;
        String text = answer.body().toString();
        if (text.contains("already exists")) return true;
        throw new WebhookException("could not " + what + ": HTTP 422: " + (text.length() > 300
                ? text.substring(0, 300) + "..." : text));
    }

    static String description(PromptChange change, GitAction.PulledFile file) {
        return "PromptLayer announced " + change.event() + " for prompt `" + change.prompt() + "`: version "
                + change.version() + (change.label() == null ? "" : " (label `" + change.label() + "`)")
                + " is written to `" + file.path() + "` as pulled from PromptLayer, snippets kept as references."
                + " The CI evaluation of this branch gates the change.";
    }
}
