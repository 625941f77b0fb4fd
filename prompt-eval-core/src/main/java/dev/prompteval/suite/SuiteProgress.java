package dev.prompteval.suite;

import dev.prompteval.run.Progress;

/** Told how each run of each suite is going; the Maven plugin logs a line from it every few seconds. */
@FunctionalInterface
public interface SuiteProgress {
    SuiteProgress NONE = (suite, reference, progress) -> { };

    /**
     * @param suite     the suite name
     * @param reference the version being run, as written ({@code file:...}, {@code label:prod})
     */
    void onProgress(String suite, String reference, Progress progress);

    /** A line about a suite's batches: submitted, polled (with how far they got), collected. */
    default void onBatch(String line) {
    }
}
