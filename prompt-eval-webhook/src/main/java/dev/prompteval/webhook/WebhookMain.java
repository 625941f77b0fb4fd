package dev.prompteval.webhook;

import dev.prompteval.internal.registry.PromptRegistry;
import dev.prompteval.internal.registry.promptlayer.PromptLayerRegistry;

import java.io.IOException;
import java.io.PrintStream;
import java.util.function.Function;

/**
 * {@code java -jar prompt-eval-webhook-VERSION.jar}: starts the webhook server configured by environment variables
 * (see {@link WebhookConfig}) and runs until stopped.
 */
public final class WebhookMain {
    private WebhookMain() {
    }

    public static void main(String[] args) {
        try {
            WebhookServer server = start(System::getenv, System.out);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "prompt-eval-webhook-stop"));
        } catch (IOException | RuntimeException e) {
            System.err.println("prompt-eval-webhook could not start: " + e.getMessage());
            System.exit(2);
        }
    }

    /** Starts the server as {@link #main} does, with the given environment; the caller closes it. */
    static WebhookServer start(Function<String, String> env, PrintStream log) throws IOException {
        WebhookConfig config = WebhookConfig.fromEnvironment(env);
        PromptRegistry registry = PromptLayerRegistry.fromEnvironment(env);
        WebhookServer server = new WebhookServer(config, registry, action(config), log);
        log.println("prompt-eval-webhook listening on http://" + config.bind() + ":" + server.port()
                + WebhookServer.PATH + " (health: /health); " + config.describe());
        return server;
    }

    private static GitAction action(WebhookConfig config) {
        return switch (config.action()) {
            case GITHUB_PULL_REQUEST -> GitHubActions.pullRequest(config.github());
            case GITHUB_REPOSITORY_DISPATCH -> GitHubActions.repositoryDispatch(config.github(), config.evaluation());
            case GITHUB_WORKFLOW_DISPATCH -> GitHubActions.workflowDispatch(config.github(), config.evaluation());
            case GITLAB_MERGE_REQUEST -> GitLabActions.mergeRequest(config.gitlab());
            case GITLAB_PIPELINE -> GitLabActions.pipelineTrigger(config.gitlab(), config.evaluation(),
                    java.time.Clock.systemUTC());
        };
    }
}
