package dev.prompteval.internal.stats;

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
 * @param interval               the interval [L, U] for delta used by the gate: Tango's score interval for
 *                               pass/fail rows with one sample each and no clusters, else a t-interval with
 *                               {@code decisionStandardError} (or, when chosen and there are enough units, the
 *                               paired bootstrap's percentile interval)
 * @param decisionStandardError  the standard error behind {@code interval} and the power figures: the paired SE,
 *                               but never below that of one unit gaining and one losing a whole point, so that a
 *                               handful of rows with near-identical values is not taken for certainty
 * @param decisionDegreesOfFreedom the degrees of freedom that go with it (n - 1, or Bell-McCaffrey's)
 * @param dropTest               the test that decides whether a drop is shown
 * @param dropPValue             its one-sided p-value for "the candidate is no worse than the baseline"
 * @param mcnemar                McNemar's test when every paired value is 0 or 1 (pass/fail with K = 1);
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
 * @param notes                  plain statements about how the numbers were obtained, e.g. a fallback or few
 *                               effective degrees of freedom
 */
public record PairedComparison(MetricKey metric, MeanEstimate candidate, MeanEstimate baseline, MeanEstimate delta,
                               double naiveStandardError, Interval interval, double decisionStandardError,
                               double decisionDegreesOfFreedom, DropTest dropTest, double dropPValue,
                               McNemar mcnemar, int improved, int regressed, int unchanged,
                               double minimumDetectableEffect, double correlation, int repeats, double sampleNoise,
                               List<RowPair> pairs, List<String> unscored, List<String> notes) {
    public PairedComparison {
        pairs = List.copyOf(pairs);
        unscored = List.copyOf(unscored);
        notes = List.copyOf(notes);
    }

    /** Paired rows n. */
    public int n() {
        return pairs.size();
    }
}
