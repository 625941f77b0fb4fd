package dev.prompteval.webhook;

/**
 * What a webhook says changed in the registry: a version of a prompt to bring into the repository or evaluate.
 *
 * @param prompt   the prompt's registry name, e.g. {@code support/ticket-classifier}
 * @param version  the version concerned
 * @param event    the webhook event type that announced it
 * @param label    the release label that moved to the version, or null for a new version
 * @param delivery identifies the delivery that announced it, the same for a redelivery (see {@link #deliveryOf}):
 *                 what pipeline starts are recognised by after a restart
 */
record PromptChange(String prompt, int version, String event, String label, String delivery) {
    /**
     * A delivery's identity: derived from its signature, the HMAC of the payload (which includes the event's
     * timestamp), so a redelivery has the same one and other events do not. A hash of the signature, so that the
     * markers and pipeline variables that carry it reveal nothing of the signature itself.
     */
    public static String deliveryOf(String signature) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(signature.strip()
                    .toLowerCase(java.util.Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** A branch name for the change, e.g. {@code prompt-eval/support-ticket-classifier-v3}. */
    public String branch() {
        return "prompt-eval/" + prompt.replaceAll("[^A-Za-z0-9._-]+", "-") + "-v" + version;
    }

    /** One line for commit messages and titles. */
    public String title() {
        return "Prompt " + prompt + " version " + version + (label == null ? "" : " (label " + label + ")");
    }
}
