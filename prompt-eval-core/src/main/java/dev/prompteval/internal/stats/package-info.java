/**
 * Paired statistics for comparing a candidate prompt version with a baseline, row by row.
 *
 * <p>Entry points: {@link dev.prompteval.internal.stats.SuiteComparator#compare} (two runs of one suite, rows paired by
 * {@code __id}) and {@link dev.prompteval.internal.stats.SuiteComparator#summarize} (one run on its own). Underneath, pure math
 * over arrays: {@link dev.prompteval.internal.stats.MeanEstimator} (mean, SE, CR2 clustered SE, t-interval, Wilson),
 * {@link dev.prompteval.internal.stats.PairedProportions} (Tango's interval, McNemar mid-p),
 * {@link dev.prompteval.internal.stats.PairedComparator}, {@link dev.prompteval.internal.stats.PairedBootstrap},
 * {@link dev.prompteval.internal.stats.McNemar} and {@link dev.prompteval.internal.stats.PowerAnalysis}. Quantiles and the binomial
 * come from Apache Commons Statistics.
 *
 * <p>What is compared: for all rows, each {@code __metric} and each tag (a {@link dev.prompteval.internal.stats.Slice}), the
 * row score and the pass rate (a {@link dev.prompteval.internal.stats.Measure}); a row's value is its mean over its K samples.
 * Rows on one side only are listed and make the comparison incomplete; rows with no value on one side (every sample
 * errored, for the score) are left out of that comparison and listed.
 *
 * <p>Choices, briefly (see {@link dev.prompteval.internal.stats.PairedComparator}): pass/fail rows with one sample and no
 * clusters get Tango's score interval and McNemar's one-sided mid-p drop test; otherwise a t-interval (df = n - 1, or
 * Bell-McCaffrey's with CR2 clustered errors) whose standard error never falls below that of one unit gaining and one
 * losing a whole point, with the sign test deciding a drop where the spread is below that floor; the bootstrap is a
 * percentile interval over rows or whole clusters, used from 30 units; one side's pass rate gets Wilson's interval;
 * the MDE and rows needed use the noncentral t at 80% power; improved / regressed / unchanged compare {@code d_i}
 * with 0 within 1e-12.
 */
package dev.prompteval.internal.stats;
