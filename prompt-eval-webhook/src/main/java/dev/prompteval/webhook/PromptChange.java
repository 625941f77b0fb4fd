package dev.prompteval.webhook;

/**
 * What a webhook says changed in the registry: a version of a prompt to bring into the repository or evaluate.
 *
 * @param prompt  the prompt's registry name, e.g. {@code support/ticket-classifier}
 * @param version the version concerned
 * @param event   the webhook event type that announced it
 * @param label   the release label that moved to the version, or null for a new version
 */
public record PromptChange(String prompt, int version, String event, String label) {
    /** A branch name for the change, e.g. {@code prompt-eval/support-ticket-classifier-v3}. */
    public String branch() {
        return "prompt-eval/" + prompt.replaceAll("[^A-Za-z0-9._-]+", "-") + "-v" + version;
    }

    /** One line for commit messages and titles. */
    public String title() {
        return "Prompt " + prompt + " version " + version + (label == null ? "" : " (label " + label + ")");
    }
}
