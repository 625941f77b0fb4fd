package dev.prompteval.stats;

/**
 * Estimates a mean, its standard error and a t-interval from per-row values, clustered when rows carry
 * {@code __cluster} labels.
 *
 * <p>Unclustered: {@code SE = sd(x) / sqrt(n)} with the n - 1 sample variance, {@code df = n - 1}.
 *
 * <p>Clustered, after Miller (2024), "Adding Error Bars to Evals", arXiv:2411.00640 (section on clustered
 * questions, eq. 4 of v1), which adds to the CLT variance the within-cluster cross products of residuals
 * {@code (1/n^2) sum_c sum_i sum_{j != i} (x_ic - mean)(x_jc - mean)}. Collecting terms, the variance is
 * {@code (1/n^2) sum_c (sum_{i in c} (x_ic - mean))^2}; we multiply it by the usual small-sample factor
 * {@code G / (G - 1)} (the CR1 factor Stata uses, {@code G/(G-1) * (n-1)/(n-k)}, which is exactly {@code G/(G-1)}
 * for a mean, k = 1):
 * <pre>
 *   SE_clustered^2 = G / (G - 1) * (1 / n^2) * sum_{c=1..G} ( sum_{i in c} (x_i - mean) )^2,   df = G - 1
 * </pre>
 * When every cluster holds one row (G = n) this is exactly {@code sd(x)^2 / n}, the unclustered formula. (The paper's
 * own eq. 4 uses the n - 1 sample variance for the CLT term and no factor on the cross terms; the two agree as n and
 * G grow.) A row without a label is a cluster of its own.
 */
public final class MeanEstimator {
    private MeanEstimator() {
    }

    /**
     * @param values   one value per row
     * @param clusters one cluster label per row (null entries: the row is alone), or null when none is used
     * @param level    confidence level in (0, 1)
     */
    public static MeanEstimate estimate(double[] values, String[] clusters, double level) {
        return estimateByUnits(values, Clusters.of(clusters, values.length), level);
    }

    static MeanEstimate estimateByUnits(double[] values, Clusters clusters, double level) {
        int n = values.length;
        double mean = Descriptive.mean(values);
        double se;
        double df;
        if (clusters.labelled) {
            se = clusteredStandardError(values, mean, clusters);
            df = clusters.count - 1;
        } else {
            se = Math.sqrt(Descriptive.variance(values) / n);
            df = n - 1;
        }
        double t = Quantiles.twoSidedT(level, df);
        Interval interval = new Interval(mean - t * se, mean + t * se, level, IntervalMethod.T);
        int units = clusters.labelled ? clusters.count : n;
        return new MeanEstimate(n, units, clusters.labelled, mean, se, df, interval);
    }

    private static double clusteredStandardError(double[] values, double mean, Clusters clusters) {
        int g = clusters.count;
        if (g < 2) return Double.NaN;
        double[] residuals = new double[values.length];
        for (int i = 0; i < values.length; i++) residuals[i] = values[i] - mean;
        double sumOfSquaredClusterSums = 0;
        for (double s : clusters.sums(residuals)) sumOfSquaredClusterSums += s * s;
        double n = values.length;
        return Math.sqrt((double) g / (g - 1) * sumOfSquaredClusterSums / (n * n));
    }
}
