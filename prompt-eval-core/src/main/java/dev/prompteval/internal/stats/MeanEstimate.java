package dev.prompteval.internal.stats;

/**
 * A mean over rows with its standard error and t-interval.
 *
 * @param n                 rows
 * @param clusters          independent units: the number of distinct clusters G when {@code clustered}, else n
 * @param clustered         true when {@code __cluster} labels were used (CR2 standard error, Bell-McCaffrey df)
 * @param mean              the mean
 * @param standardError     its standard error; NaN with fewer than two rows (or clusters)
 * @param degreesOfFreedom  n - 1, or Bell-McCaffrey's (not always a whole number) when clustered
 * @param interval          the two-sided t-interval at the configured level
 */
public record MeanEstimate(int n, int clusters, boolean clustered, double mean, double standardError,
                           double degreesOfFreedom, Interval interval) {
}
