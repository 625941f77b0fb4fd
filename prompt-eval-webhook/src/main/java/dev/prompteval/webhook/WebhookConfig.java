package dev.prompteval.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The server's configuration, read from environment variables (a container's usual way); see {@link #describe()}
 * for the list. Every problem is reported at once, naming the variable and what to set.
 *
 * @param port       {@code PORT}, default 8080 (0 picks a free port)
 * @param bind       {@code BIND_ADDRESS}, default {@code 0.0.0.0}
 * @param secret     {@code PROMPTLAYER_WEBHOOK_SECRET}: the webhook's signing secret from PromptLayer
 * @param action     {@code PROMPT_EVAL_ACTION}: what to do with a change
 * @param promptDir  {@code PROMPT_EVAL_PROMPT_DIR}, default {@code src/main/prompts}: where pulled files go,
 *                   as {@code <dir>/<prompt name>.json}
 * @param github     the GitHub settings, or null
 * @param gitlab     the GitLab settings, or null
 * @param evaluation what a started pipeline evaluates
 */
record WebhookConfig(int port, String bind, String secret, Action action, String promptDir, GitHub github,
                            GitLab gitlab, Evaluation evaluation) {

    /** What the server does on a prompt change. */
    public enum Action {
        /** Open a GitHub pull request with the new version's file. */
        GITHUB_PULL_REQUEST,
        /** Open a GitLab merge request with the new version's file. */
        GITLAB_MERGE_REQUEST,
        /** Send a GitHub {@code repository_dispatch} that starts the evaluation workflow. */
        GITHUB_REPOSITORY_DISPATCH,
        /** Start a GitHub workflow through {@code workflow_dispatch}. */
        GITHUB_WORKFLOW_DISPATCH,
        /** Start a GitLab pipeline through a pipeline trigger token. */
        GITLAB_PIPELINE;

        static Action parse(String text) {
            return valueOf(text.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    /** {@code GITHUB_TOKEN}, {@code GITHUB_REPOSITORY} (owner/name), {@code GITHUB_API_URL}, ... */
    public record GitHub(String token, String repository, String apiUrl, String baseBranch, String workflow,
                         String eventType) {
    }

    /** {@code GITLAB_TOKEN}, {@code GITLAB_PROJECT} (id or group/name), {@code GITLAB_API_URL}, ... */
    public record GitLab(String token, String triggerToken, String project, String apiUrl, String baseBranch) {
    }

    /**
     * What a started pipeline evaluates: the changed version as candidate ({@code version:N}) against
     * {@code PROMPT_EVAL_BASELINE} (default {@code label:prod}); it pushes the results against version N and moves
     * {@code PROMPT_EVAL_RELEASE_LABEL} (default {@code prod}) only on PASS.
     */
    public record Evaluation(String baseline, String releaseLabel) {
        /** The pipeline's inputs: {@code prompt_eval_prompt}, {@code prompt_eval_candidate}, ... */
        ObjectNode inputs(PromptChange change) {
            return RestCall.JSON.createObjectNode().put("prompt_eval_prompt", change.prompt())
                    .put("prompt_eval_candidate", "version:" + change.version())
                    .put("prompt_eval_baseline", baseline)
                    .put("prompt_eval_release_label", releaseLabel);
        }
    }

    /** Reads the configuration; {@code System::getenv} in production. */
    public static WebhookConfig fromEnvironment(Function<String, String> env) {
        List<String> problems = new ArrayList<>();
        int port = 8080;
        String portText = value(env, "PORT", "8080");
        try {
            port = Integer.parseInt(portText);
            if (port < 0 || port > 65535) throw new NumberFormatException();
        } catch (NumberFormatException e) {
            problems.add("PORT \"" + portText + "\" is not a port number (0-65535)");
        }
        String secret = env.apply("PROMPTLAYER_WEBHOOK_SECRET");
        if (secret == null || secret.isBlank()) {
            problems.add("PROMPTLAYER_WEBHOOK_SECRET is not set: copy the webhook's signing secret from PromptLayer"
                    + " (Settings > Webhooks)");
        }
        if (env.apply("PROMPTLAYER_API_KEY") == null || env.apply("PROMPTLAYER_API_KEY").isBlank()) {
            problems.add("PROMPTLAYER_API_KEY is not set: the server pulls the changed version with it");
        }
        Action action = null;
        String actionText = env.apply("PROMPT_EVAL_ACTION");
        try {
            if (actionText == null) throw new IllegalArgumentException();
            action = Action.parse(actionText);
        } catch (IllegalArgumentException e) {
            problems.add("PROMPT_EVAL_ACTION " + (actionText == null ? "is not set" : "\"" + actionText + "\" is"
                    + " unknown") + ": use github-pull-request, gitlab-merge-request, github-repository-dispatch,"
                    + " github-workflow-dispatch or gitlab-pipeline");
        }
        GitHub github = null;
        GitLab gitlab = null;
        if (action != null && action.name().startsWith("GITHUB")) {
            github = new GitHub(required(env, "GITHUB_TOKEN", problems), required(env, "GITHUB_REPOSITORY", problems),
                    value(env, "GITHUB_API_URL", "https://api.github.com"), value(env, "GITHUB_BASE_BRANCH", "main"),
                    action == Action.GITHUB_WORKFLOW_DISPATCH ? required(env, "GITHUB_WORKFLOW", problems) : null,
                    value(env, "GITHUB_EVENT_TYPE", "prompt-eval"));
        }
        if (action != null && action.name().startsWith("GITLAB")) {
            // the pipeline action reads pipelines with the API token to recognise a delivery it started already
            gitlab = new GitLab(required(env, "GITLAB_TOKEN", problems),
                    action == Action.GITLAB_PIPELINE ? required(env, "GITLAB_TRIGGER_TOKEN", problems) : null,
                    required(env, "GITLAB_PROJECT", problems), value(env, "GITLAB_API_URL",
                    "https://gitlab.com/api/v4"), value(env, "GITLAB_BASE_BRANCH", "main"));
        }
        if (!problems.isEmpty()) {
            throw new WebhookException("prompt-eval-webhook is not configured: " + String.join("; ", problems));
        }
        return new WebhookConfig(port, value(env, "BIND_ADDRESS", "0.0.0.0"), secret, action,
                value(env, "PROMPT_EVAL_PROMPT_DIR", "src/main/prompts"), github, gitlab,
                new Evaluation(value(env, "PROMPT_EVAL_BASELINE", "label:prod"),
                        value(env, "PROMPT_EVAL_RELEASE_LABEL", "prod")));
    }

    /** Where a prompt's pulled file goes in the repository. */
    public String fileOf(String prompt) {
        String dir = promptDir.endsWith("/") ? promptDir.substring(0, promptDir.length() - 1) : promptDir;
        return (dir.isEmpty() ? "" : dir + "/") + prompt + ".json";
    }

    /** A one-line description for the start-up log: no secrets, only what is configured. */
    public String describe() {
        String target = github != null ? "GitHub " + github.repository() + " (" + github.apiUrl() + ")"
                : "GitLab " + gitlab.project() + " (" + gitlab.apiUrl() + ")";
        return action.name().toLowerCase(Locale.ROOT).replace('_', '-') + " on " + target + ", files under "
                + promptDir;
    }

    private static String value(Function<String, String> env, String name, String otherwise) {
        String value = env.apply(name);
        return value == null || value.isBlank() ? otherwise : value.strip();
    }

    private static String required(Function<String, String> env, String name, List<String> problems) {
        String value = env.apply(name);
        if (value == null || value.isBlank()) {
            problems.add(name + " is not set");
            return null;
        }
        return value.strip();
    }

    @Override
    public String toString() {
        return "WebhookConfig[" + describe() + "]"; // never the secrets
    }
}
