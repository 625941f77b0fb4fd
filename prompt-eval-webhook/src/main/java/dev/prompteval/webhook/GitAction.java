package dev.prompteval.webhook;

/** What the server does with a change: open a pull or merge request, or start a pipeline. */
interface GitAction {
    /**
     * @param file the working-tree file of the pulled version, or null for actions that do not write files
     * @return one line saying what was done, for the log and the webhook's answer (no secrets)
     */
    String apply(PromptChange change, PulledFile file);

    /** Whether the action writes the pulled version into the repository (so the server must pull it first). */
    boolean writesFiles();

    /** The pulled version: where it goes in the repository and its content. */
    record PulledFile(String path, String content) {
    }
}
