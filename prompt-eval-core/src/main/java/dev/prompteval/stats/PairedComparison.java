package dev.prompteval.stats;

import java.util.List;

/**
 * Candidate versus baseline on one metric, over the rows both runs scored.
 *
 * @param metric                 what is compared
 * @param candidate              the candidate's mean over the paired rows, its (clustered) SE and t-interval
 * @param baseline               the same for the baseline
 * @param delta                  the paired difference {@code mean(d)}, {@code d_i = candidate_i - baseline_i}, with
 *                               its SE ({@code sd(d)/sqrt(n)}, or clustered) and t-interval
 * @param naiveStandardError     {@code sd(d)/sqrt(n)} whether or not clusters are used, to show what clustering did
 * @param interval               the interval [L, U] for delta used by the gate: {@code delta.interval()} for the
 *                               t method, else the paired bootstrap's percentile interval
 * @param mcnemar                McNemar's exact test when every paired value is 0 or 1 (pass/fail with K = 1);
 *                               null otherwise
 * @param improved               rows with {@code d_i > 0}
 * @param regressed              rows with {@code d_i < 0}
 * @param unchanged              rows with {@code d_i = 0} (within 1e-12)
 * @param minimumDetectableEffect the smallest true |delta| this comparison detects with 80% power, see
 *                               {@link PowerAnalysis}
 * @param correlation            Pearson's r between candidate and baseline row values; NaN when either is constant
 * @param repeats                K: the largest number of samples of a paired row
 * @param sampleNoise            mean over rows of the per-sample variances of both sides, {@code s2_cand + s2_base};
 *                               NaN when no row has two samples on both sides
 * @param pairs                  the paired rows, in dataset order
 * @param unscored               ids of rows present in both runs but without a value on one side (every sample
 *                               errored); left out of this comparison
 */
public record PairedComparison(MetricKey metric, MeanEstimate candidate, MeanEstimate baseline, MeanEstimate delta,
                               double naiveStandardError, Interval interval, McNemar mcnemar, int improved,
                               int regressed, int unchanged, double minimumDetectableEffect, double correlation,
                               int repeats, double sampleNoise, List<RowPair> pairs, List<String> unscored) {
    public PairedComparison {
        pairs = List.copyOf(pairs);
        unscored = List.copyOf(unscored);
    }

    /** Paired rows n. */
    public int n() {
        return pairs.size();
    }
}
