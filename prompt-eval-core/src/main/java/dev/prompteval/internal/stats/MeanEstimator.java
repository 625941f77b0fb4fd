package dev.prompteval.internal.stats;

import dev.prompteval.stats.IntervalMethod;

/**
 * Estimates a mean, its standard error and a t-interval from per-row values, clustered when rows carry
 * {@code __cluster} labels.
 *
 * <p>Unclustered: {@code SE = sd(x) / sqrt(n)} with the n - 1 sample variance, {@code df = n - 1}.
 *
 * <p>Clustered: the CR2 ("bias-reduced linearisation") sandwich estimator of Bell and McCaffrey (2002), with their
 * Satterthwaite degrees of freedom, as Pustejovsky and Tipton (2018) recommend for few or unequal clusters. For a mean
 * (a regression on a constant) both have closed forms. With {@code S_g} the sum of residuals {@code x_i - mean} in
 * cluster g of {@code n_g} rows:
 * <pre>
 *   SE^2 = (1 / n^2) sum_g S_g^2 / (1 - n_g / n)
 *   df   = (sum_g w_g n_g - (1/n) sum_g w_g n_g^2)^2
 *          / (sum_g w_g^2 n_g^2 - (2/n) sum_g w_g^2 n_g^3 + (1/n^2) (sum_g w_g n_g^2)^2),   w_g = 1 / (1 - n_g / n)
 * </pre>
 * (df is {@code tr(B)^2 / tr(B^2)} for the quadratic form {@code SE^2 = e' B e} under independent, equal-variance
 * errors, B = M W M with M the centring matrix.) With equal clusters this is G - 1, the usual choice; with one large
 * cluster beside many small ones it is far smaller, which is what keeps the interval honest there (CR1 with G - 1
 * degrees of freedom blocks unchanged prompts several times too often in that case). A row without a label is a
 * cluster of its own; without any label the formulas reduce to the unclustered ones.
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

    /**
     * As {@link #estimate}, for a share in [0, 1] (a pass rate or a score): the interval is Wilson's score interval
     * when every value is 0 or 1 and rows are not clustered, else the t-interval cut to [0, 1], so that no interval
     * reaches values a share cannot take.
     */
    public static MeanEstimate estimateShare(double[] values, String[] clusters, double level) {
        return estimateShareByUnits(values, Clusters.of(clusters, values.length), level);
    }

    static MeanEstimate estimateShareByUnits(double[] values, Clusters clusters, double level) {
        MeanEstimate t = estimateByUnits(values, clusters, level);
        boolean binary = true;
        for (double v : values) binary &= v == 0 || v == 1;
        Interval interval;
        if (binary && !clusters.labelled && values.length > 0) {
            interval = wilson(t.mean() * values.length, values.length, level);
        } else {
            Interval raw = t.interval();
            interval = raw.defined() ? new Interval(Math.max(0, raw.lower()), Math.min(1, raw.upper()), level,
                    IntervalMethod.T) : raw;
        }
        return new MeanEstimate(t.n(), t.clusters(), t.clustered(), t.mean(), t.standardError(), t.degreesOfFreedom(),
                interval);
    }

    /** Wilson's score interval for {@code successes} of {@code n}. */
    static Interval wilson(double successes, int n, double level) {
        double z = Quantiles.z((1 + level) / 2);
        double p = successes / n;
        double z2 = z * z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = z / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new Interval(Math.max(0, centre - half), Math.min(1, centre + half), level, IntervalMethod.SCORE);
    }

    static MeanEstimate estimateByUnits(double[] values, Clusters clusters, double level) {
        int n = values.length;
        double mean = Descriptive.mean(values);
        double se;
        double df;
        if (clusters.labelled) {
            double[] cr2 = cr2(values, mean, clusters);
            se = cr2[0];
            df = cr2[1];
        } else {
            se = Math.sqrt(Descriptive.variance(values) / n);
            df = n - 1;
        }
        double t = Quantiles.twoSidedT(level, df);
        Interval interval = new Interval(mean - t * se, mean + t * se, level, IntervalMethod.T);
        int units = clusters.labelled ? clusters.count : n;
        return new MeanEstimate(n, units, clusters.labelled, mean, se, df, interval);
    }

    private static double[] cr2(double[] values, double mean, Clusters clusters) {
        int g = clusters.count;
        double n = values.length;
        int[] sizes = clusters.sizes();
        if (g < 2) return new double[] {Double.NaN, Double.NaN};
        double[] residuals = new double[values.length];
        for (int i = 0; i < values.length; i++) residuals[i] = values[i] - mean;
        double[] sums = clusters.sums(residuals);
        double variance = 0;
        double trace = 0;
        double traceSquaredA = 0;
        double traceSquaredB = 0;
        double weightedSquares = 0;
        for (int k = 0; k < g; k++) {
            double size = sizes[k];
            double w = 1 / (1 - size / n);
            variance += sums[k] * sums[k] * w;
            trace += w * size;
            weightedSquares += w * size * size;
            traceSquaredA += w * w * size * size;
            traceSquaredB += w * w * size * size * size;
        }
        double trB = trace - weightedSquares / n;
        double trB2 = traceSquaredA - 2 * traceSquaredB / n + weightedSquares * weightedSquares / (n * n);
        return new double[] {Math.sqrt(variance / (n * n)), trB * trB / trB2};
    }
}
