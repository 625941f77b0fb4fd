package dev.prompteval.webhook;

import com.fasterxml.jackson.databind.JsonNode;
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
 * request), a {@code repository_dispatch}, or a {@code workflow_dispatch}; each safe to repeat after a restart.
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

    /** The commit at the head of the base branch. */
    private static String baseHead(RestCall rest, WebhookConfig.GitHub github) {
        return rest.json("GET", repo(github) + "/git/ref/heads/" + encodePath(github.baseBranch()), null,
                "read the head of branch " + github.baseBranch() + " of " + github.repository(), 200)
                .body().path("object").path("sha").asText();
    }

    /**
     * Safe to repeat, also after a restart: the branch is named after the change, and GitHub is asked before each
     * step. A pull request from the branch in any state (open, merged, closed) means the change was handled; an
     * existing branch is reused, an unchanged file is not rewritten, an open pull request is reported.
     */
    static GitAction pullRequest(WebhookConfig.GitHub github) {
        RestCall rest = rest(github);
        String repo = repo(github);
        String owner = github.repository().substring(0, github.repository().indexOf('/'));
        return new GitAction() {
            @Override
            public String apply(PromptChange change, PulledFile file) {
                String branch = change.branch();
                JsonNode pulls = rest.json("GET", repo + "/pulls?head=" + URLEncoder.encode(owner + ":" + branch,
                        StandardCharsets.UTF_8) + "&base=" + URLEncoder.encode(github.baseBranch(),
                        StandardCharsets.UTF_8) + "&state=all", null, "list the pull requests from " + branch, 200)
                        .body();
                if (pulls.isArray() && !pulls.isEmpty()) {
                    JsonNode first = pulls.get(0);
                    return "pull request #" + first.path("number").asText() + " from " + branch + " exists already ("
                            + (first.path("merged_at").isTextual() ? "merged" : first.path("state").asText()) + ")";
                }
                String head = baseHead(rest, github);
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

    /**
     * The hidden ref that marks a delivery as started: {@code refs/prompt-eval/deliveries/<delivery>}. Outside
     * {@code refs/heads} and {@code refs/tags}, so no branch or tag list shows it.
     */
    static String deliveryRef(PromptChange change) {
        return "prompt-eval/deliveries/" + change.delivery();
    }

    /**
     * Starts a pipeline at most once per delivery, also across restarts: GitHub's dispatch APIs take no idempotency
     * key and a started run does not show its inputs, so the delivery is first claimed on GitHub by creating its
     * {@link #deliveryRef marker ref} (atomic: a second creation answers 422 "Reference already exists"). A
     * dispatch that fails gives the claim back, so PromptLayer's next attempt is carried out.
     */
    private static GitAction oncePerDelivery(WebhookConfig.GitHub github, RestCall rest, String what,
                                             java.util.function.Function<PromptChange, String> dispatch) {
        String refs = repo(github) + "/git/refs";
        return new GitAction() {
            @Override
            public String apply(PromptChange change, PulledFile file) {
                String marker = deliveryRef(change);
                ObjectNode claim = RestCall.JSON.createObjectNode().put("ref", "refs/" + marker)
                        .put("sha", baseHead(rest, github));
                if (alreadyExists(rest.json("POST", refs, claim, "mark the delivery as started", 201, 422),
                        "mark the delivery as started")) {
                    return what + " was started for this delivery already (refs/" + marker + "); not started again";
                }
                try {
                    return dispatch.apply(change);
                } catch (RuntimeException failed) {
                    try {
                        rest.json("DELETE", refs + "/" + encodePath(marker), null, "remove refs/" + marker, 204);
                    } catch (RuntimeException notRemoved) {
                        failed.addSuppressed(notRemoved);
                        throw new WebhookException(failed.getMessage() + "; refs/" + marker + " could not be removed"
                                + " (" + notRemoved.getMessage() + "), so a redelivery will not start it: delete the"
                                + " ref and send the event again", failed);
                    }
                    throw failed;
                }
            }

            @Override
            public boolean writesFiles() {
                return false;
            }
        };
    }

    static GitAction repositoryDispatch(WebhookConfig.GitHub github, WebhookConfig.Evaluation evaluation) {
        RestCall rest = rest(github);
        return oncePerDelivery(github, rest, "repository_dispatch " + github.eventType(), change -> {
            ObjectNode body = RestCall.JSON.createObjectNode().put("event_type", github.eventType());
            body.set("client_payload", evaluation.inputs(change));
            rest.json("POST", repo(github) + "/dispatches", body, "send repository_dispatch "
                    + github.eventType(), 204);
            return "sent repository_dispatch " + github.eventType() + " to " + github.repository();
        });
    }

    static GitAction workflowDispatch(WebhookConfig.GitHub github, WebhookConfig.Evaluation evaluation) {
        RestCall rest = rest(github);
        return oncePerDelivery(github, rest, "workflow " + github.workflow(), change -> {
            ObjectNode body = RestCall.JSON.createObjectNode().put("ref", github.baseBranch());
            body.set("inputs", evaluation.inputs(change));
            rest.json("POST", repo(github) + "/actions/workflows/" + encodePath(github.workflow())
                    + "/dispatches", body, "start workflow " + github.workflow(), 200, 204);
            return "started workflow " + github.workflow() + " on " + github.baseBranch() + " of "
                    + github.repository();
        });
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
