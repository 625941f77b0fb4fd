package dev.prompteval.internal.suite;

import dev.prompteval.internal.run.Progress;

/**
 * Told what each suite is about to do and how each of its runs is going; the Maven plugin logs the plans, then a
 * line every few seconds.
 */
@FunctionalInterface
public interface SuiteProgress {
    SuiteProgress NONE = (suite, reference, progress) -> { };

    /**
     * @param suite     the suite name
     * @param reference the version being run, as written ({@code file:...}, {@code label:prod})
     */
    void onProgress(String suite, String reference, Progress progress);

    /** Told each suite's plan once every suite is prepared, before the build's first model call. */
    default void onPlan(SuitePlan plan) {
    }

    /** A line about a suite's batches: submitted, polled (with how far they got), collected. */
    default void onBatch(String line) {
    }
}
