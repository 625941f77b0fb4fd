package dev.prompteval.internal.stats;

import dev.prompteval.stats.IntervalMethod;
import org.apache.commons.statistics.distribution.TDistribution;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Computes a {@link PairedComparison} from paired row values. */
public final class PairedComparator {
    /** Below this many independent units the bootstrap is narrower than t; it falls back to t there. */
    public static final int MIN_BOOTSTRAP_UNITS = 30;
    /** Below this many effective degrees of freedom a clustered comparison says that it rests on few clusters. */
    public static final double FEW_DEGREES_OF_FREEDOM = 10;
    private static final double TIE = 1e-12;

    private final ComparisonOptions options;

    public PairedComparator(ComparisonOptions options) {
        this.options = options;
    }

    /**
     * @param metric   what is compared
     * @param pairs    at least one paired row, values finite
     * @param unscored ids of rows left out because a side had no value
     */
    public PairedComparison compare(MetricKey metric, List<RowPair> pairs, List<String> unscored) {
        if (pairs.isEmpty()) throw new IllegalArgumentException("no paired rows to compare for " + metric.label());
        int n = pairs.size();
        double[] cand = new double[n];
        double[] base = new double[n];
        double[] diff = new double[n];
        String[] labels = new String[n];
        int repeats = 1;
        for (int i = 0; i < n; i++) {
            RowPair p = pairs.get(i);
            if (!Double.isFinite(p.candidate()) || !Double.isFinite(p.baseline())) {
                throw new IllegalArgumentException("row " + p.id() + " has no " + metric.label() + " on one side");
            }
            cand[i] = p.candidate();
            base[i] = p.baseline();
            diff[i] = p.difference();
            labels[i] = p.cluster();
            repeats = Math.max(repeats, p.repeats());
        }
        Clusters clusters = Clusters.of(labels, n);
        double level = options.level();
        MeanEstimate delta = MeanEstimator.estimateByUnits(diff, clusters, level);
        int improved = 0;
        int regressed = 0;
        for (double d : diff) {
            if (d > TIE) improved++;
            else if (d < -TIE) regressed++;
        }
        McNemar mcnemar = mcnemar(cand, base);
        List<String> notes = new ArrayList<>();

        // The spread behind the interval, never below that of one unit gaining and one losing a whole point.
        int units = clusters.count;
        double floor = standardErrorFloor(units);
        double se = Math.max(delta.standardError(), floor);
        double df = delta.degreesOfFreedom();
        if (clusters.labelled && df < FEW_DEGREES_OF_FREEDOM) {
            notes.add(String.format(Locale.ROOT, "the %d clusters are so unequal that they give only %.1f effective"
                    + " degrees of freedom; the interval is wide for that reason (more, or more equal, clusters would"
                    + " narrow it)", units, df));
        }

        Interval interval;
        DropTest test;
        double p;
        boolean passFail = mcnemar != null && repeats == 1 && !clusters.labelled;
        if (passFail) {
            interval = PairedProportions.tangoInterval(improved, regressed, n, level);
            test = DropTest.MCNEMAR_MID_P;
            p = PairedProportions.dropPValue(improved, regressed);
            // Variance of a paired 0/1 difference, for the power figures; the same floor as above.
            se = Math.max(Math.sqrt(Math.max(0, (improved + regressed) / (double) n
                    - Math.pow((improved - regressed) / (double) n, 2)) / n), floor);
            df = n - 1;
        } else if (options.interval() == IntervalMethod.BOOTSTRAP && units >= MIN_BOOTSTRAP_UNITS) {
            PairedBootstrap.Resampled resampled = PairedBootstrap.resampleByUnits(diff, clusters, level,
                    options.bootstrapResamples(), options.bootstrapSeed());
            interval = resampled.interval();
            test = DropTest.BOOTSTRAP;
            p = resampled.dropPValue();
        } else {
            if (options.interval() == IntervalMethod.BOOTSTRAP) {
                notes.add("the bootstrap needs at least " + MIN_BOOTSTRAP_UNITS + " " + (clusters.labelled
                        ? "clusters" : "rows") + " (here " + units + "), below which it is too narrow; the"
                        + " t-interval is used instead");
            }
            double t = Quantiles.twoSidedT(level, df);
            interval = new Interval(Math.max(-1, delta.mean() - t * se), Math.min(1, delta.mean() + t * se), level,
                    IntervalMethod.T);
            if (!(delta.standardError() >= floor)) {
                // The spread is below what the rows can vouch for: whether a drop is shown is read from how many
                // units fell against how many rose, which needs no spread.
                int[] signs = signs(clusters.sums(diff));
                test = DropTest.SIGN_MID_P;
                p = PairedProportions.dropPValue(signs[0], signs[1]);
            } else {
                test = DropTest.PAIRED_T;
                // survival(-d/SE) = P(T > -d/SE) = P(T < d/SE): small when the mean difference is well below 0.
                p = df >= 1 && se > 0 ? TDistribution.of(df).survivalProbability(-delta.mean() / se) : Double.NaN;
            }
        }
        return new PairedComparison(metric,
                MeanEstimator.estimateShareByUnits(cand, clusters, level),
                MeanEstimator.estimateShareByUnits(base, clusters, level),
                delta,
                Math.sqrt(Descriptive.variance(diff) / n),
                interval, se, df, test, p > 1 ? 1 : p,
                mcnemar,
                improved, regressed, n - improved - regressed,
                PowerAnalysis.minimumDetectableEffect(se, df, level),
                Descriptive.pearson(cand, base),
                repeats,
                sampleNoise(pairs),
                pairs, unscored, notes);
    }

    /**
     * The least standard error a comparison of {@code units} independent units may claim: that of one unit gaining
     * and one losing a whole point, {@code sqrt(2 / (G (G - 1)))}; NaN below two units.
     */
    static double standardErrorFloor(double units) {
        return units < 2 ? Double.NaN : Math.sqrt(2 / (units * (units - 1)));
    }

    /**
     * The half-width of the interval of a comparison in which no unit changed (answers that repeat exactly): the
     * closest to zero its lower bound can come, so a margin below it cannot be shown. Tango's interval for pass/fail
     * rows with one sample and no clusters, else the t-interval at the standard-error floor. NaN below two units.
     */
    public static double unchangedHalfWidth(long units, boolean passFailOneSample, double level) {
        if (units < 2) return Double.NaN;
        if (passFailOneSample && units <= Integer.MAX_VALUE) {
            return -PairedProportions.tangoInterval(0, 0, (int) units, level).lower();
        }
        return Quantiles.twoSidedT(level, units - 1) * standardErrorFloor(units);
    }

    /** The fewest units whose {@link #unchangedHalfWidth} is at most {@code margin}; empty when none up to 2^31. */
    public static java.util.OptionalLong unitsToShowUnchanged(double margin, boolean passFailOneSample,
                                                             double level) {
        long high = Integer.MAX_VALUE;
        if (!(margin > 0) || unchangedHalfWidth(high, passFailOneSample, level) > margin) {
            return java.util.OptionalLong.empty();
        }
        long low = 1; // unchangedHalfWidth(low) > margin, or undefined
        while (high - low > 1) { // the half-width falls as units grow
            long mid = low + (high - low) / 2;
            if (unchangedHalfWidth(mid, passFailOneSample, level) <= margin) high = mid;
            else low = mid;
        }
        return java.util.OptionalLong.of(high);
    }

    /** Units whose difference (sum) rose and fell: {improved, regressed}. */
    private static int[] signs(double[] unitSums) {
        int[] signs = new int[2];
        for (double sum : unitSums) {
            if (sum > TIE) signs[0]++;
            else if (sum < -TIE) signs[1]++;
        }
        return signs;
    }

    /** McNemar applies when every value on both sides is a plain pass (1) or fail (0). */
    private static McNemar mcnemar(double[] cand, double[] base) {
        int b = 0;
        int c = 0;
        for (int i = 0; i < cand.length; i++) {
            if (!binary(cand[i]) || !binary(base[i])) return null;
            if (base[i] == 1 && cand[i] == 0) b++;
            if (base[i] == 0 && cand[i] == 1) c++;
        }
        return McNemar.midP(b, c);
    }

    private static boolean binary(double v) {
        return v == 0 || v == 1;
    }

    private static double sampleNoise(List<RowPair> pairs) {
        return pairs.stream()
                .mapToDouble(p -> p.candidateSampleVariance() + p.baselineSampleVariance())
                .filter(Double::isFinite).average().orElse(Double.NaN);
    }
}
