package dev.prompteval.internal.run;

import dev.prompteval.internal.score.RowScore;
import dev.prompteval.provider.Usage;

/**
 * The outcome of one (row, sample) task: the output and its score, or an error. Errors are results too:
 * they are counted and shown, never dropped.
 *
 * @param sample    0-based sample index, below the suite's {@code repeat}
 * @param output    the model output, or null when the call failed
 * @param score     the row score, or null when the call failed
 * @param error     a one-line error (already free of secrets), or null on success
 * @param latencyMs wall time of the call, 0 when served from cache or recording
 * @param cached    true when the output came from the cache or a recording rather than a live call
 * @param notEvaluatedCause for an error that says nothing about the prompt (the provider gave no answer: a rate
 *                  limit past the retry budget, an outage, the network, quota, the key), its cause for counts, e.g.
 *                  {@code rate limit (HTTP 429)}; null otherwise. Such a sample is left out of every statistic and
 *                  never counts as failed.
 */
public record SampleResult(String rowId, int sample, String output, RowScore score, String error, Usage usage,
                           long latencyMs, boolean cached, String notEvaluatedCause) {

    public SampleResult {
        if (notEvaluatedCause != null && error == null) {
            throw new IllegalArgumentException("a sample that was not evaluated needs its error");
        }
    }

    /** A sample that was evaluated, or that errored for a reason of the prompt's or the dataset's. */
    public SampleResult(String rowId, int sample, String output, RowScore score, String error, Usage usage,
                        long latencyMs, boolean cached) {
        this(rowId, sample, output, score, error, usage, latencyMs, cached, null);
    }

    public boolean errored() {
        return error != null;
    }

    /** True when the call got no answer for reasons outside the prompt, so the sample has no verdict. */
    public boolean notEvaluated() {
        return notEvaluatedCause != null;
    }

    /** An error that says nothing about the prompt (see {@link #notEvaluatedCause}). */
    public static SampleResult notEvaluated(String rowId, int sample, String error, String cause, long latencyMs) {
        return new SampleResult(rowId, sample, null, null, error, Usage.UNKNOWN, latencyMs, false, cause);
    }

    public static SampleResult error(String rowId, int sample, String error, long latencyMs) {
        return new SampleResult(rowId, sample, null, null, error, Usage.UNKNOWN, latencyMs, false);
    }
}
