package dev.prompteval.internal.stats;

import dev.prompteval.stats.IntervalMethod;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile interval for the mean paired difference by resampling rows with replacement, or whole clusters when
 * rows carry {@code __cluster} labels (each resample draws G clusters and takes the mean over all their rows).
 * Seeded, so the same input and seed always give the same interval.
 *
 * <p>Percentiles use the inverse of the empirical distribution: the q-quantile of B sorted resample means is the
 * {@code ceil(q * B)}-th smallest. Bounds are the {@code alpha/2} and {@code 1 - alpha/2} quantiles.
 */
public final class PairedBootstrap {
    /** Resamples used unless configured otherwise. */
    public static final int DEFAULT_RESAMPLES = 2000;

    private PairedBootstrap() {
    }

    /**
     * @param differences per-row differences {@code candidate - baseline}
     * @param clusters    one label per row (null entries: the row is alone), or null when none is used
     */
    public static Interval percentile(double[] differences, String[] clusters, double level, int resamples,
                                      long seed) {
        return percentileByUnits(differences, Clusters.of(clusters, differences.length), level, resamples, seed);
    }

    static Interval percentileByUnits(double[] differences, Clusters clusters, double level, int resamples, long seed) {
        return resampleByUnits(differences, clusters, level, resamples, seed).interval();
    }

    /**
     * The percentile interval and, from the same resamples, the one-sided p-value for "no drop":
     * {@code (1 + #{means >= 0}) / (1 + B)}, below {@code alpha/2} about when the interval's upper bound is below 0.
     */
    record Resampled(Interval interval, double dropPValue) {
    }

    static Resampled resampleByUnits(double[] differences, Clusters clusters, double level, int resamples,
                                     long seed) {
        if (resamples < 1) throw new IllegalArgumentException("bootstrap resamples must be >= 1, was " + resamples);
        if (differences.length == 0) {
            return new Resampled(new Interval(Double.NaN, Double.NaN, level, IntervalMethod.BOOTSTRAP), Double.NaN);
        }
        double[] means = resampledMeans(differences, clusters, resamples, seed);
        double alpha = 1 - level;
        int atLeastZero = 0;
        for (double m : means) if (m >= 0) atLeastZero++;
        return new Resampled(new Interval(quantile(means, alpha / 2), quantile(means, 1 - alpha / 2), level,
                IntervalMethod.BOOTSTRAP), (1.0 + atLeastZero) / (1.0 + means.length));
    }

    /** B resample means, sorted. */
    private static double[] resampledMeans(double[] differences, Clusters clusters, int resamples, long seed) {
        // Rows are resampled as clusters of one, so one loop serves both cases.
        double[] sums = clusters.sums(differences);
        int[] sizes = clusters.sizes();
        int g = clusters.count;
        SplittableRandom random = new SplittableRandom(seed);
        double[] means = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            double sum = 0;
            long rows = 0;
            for (int k = 0; k < g; k++) {
                int pick = random.nextInt(g);
                sum += sums[pick];
                rows += sizes[pick];
            }
            means[r] = sum / rows;
        }
        Arrays.sort(means);
        return means;
    }

    private static double quantile(double[] sorted, double q) {
        // The small epsilon keeps q * B = 50.000000000001 from rounding up to the 51st value.
        int rank = (int) Math.ceil(q * sorted.length - 1e-9);
        return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
    }
}
