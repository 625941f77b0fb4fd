package dev.prompteval.run;

import dev.prompteval.provider.Usage;
import dev.prompteval.score.RowScore;

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
 */
public record SampleResult(String rowId, int sample, String output, RowScore score, String error, Usage usage,
                           long latencyMs, boolean cached) {

    public boolean errored() {
        return error != null;
    }

    public static SampleResult error(String rowId, int sample, String error, long latencyMs) {
        return new SampleResult(rowId, sample, null, null, error, Usage.UNKNOWN, latencyMs, false);
    }
}
