/**
 * Paired statistics for comparing a candidate prompt version with a baseline, row by row.
 *
 * <p>Entry points: {@link dev.prompteval.stats.SuiteComparator#compare} (two runs of one suite, rows paired by
 * {@code __id}) and {@link dev.prompteval.stats.SuiteComparator#summarize} (one run on its own). Underneath, pure math
 * over arrays: {@link dev.prompteval.stats.MeanEstimator} (mean, SE, clustered SE, t-interval),
 * {@link dev.prompteval.stats.PairedComparator}, {@link dev.prompteval.stats.PairedBootstrap},
 * {@link dev.prompteval.stats.McNemar} and {@link dev.prompteval.stats.PowerAnalysis}. Quantiles and the binomial
 * come from Apache Commons Statistics.
 *
 * <p>What is compared: for all rows, each {@code __metric} and each tag (a {@link dev.prompteval.stats.Slice}), the
 * row score and the pass rate (a {@link dev.prompteval.stats.Measure}); a row's value is its mean over its K samples.
 * Rows on one side only are listed and make the comparison incomplete; rows with no value on one side (every sample
 * errored, for the score) are left out of that comparison and listed.
 *
 * <p>Choices, briefly: the t-interval uses df = n - 1, or G - 1 with clusters; clustered SE is Miller's (2024) with the
 * G/(G-1) factor (see {@link dev.prompteval.stats.MeanEstimator}); the bootstrap is a percentile interval over rows or
 * whole clusters; McNemar's exact test is reported whenever all paired values are 0 or 1; the MDE uses normal
 * quantiles at 80% power; improved / regressed / unchanged compare {@code d_i} with 0 within 1e-12.
 */
package dev.prompteval.stats;
