package dev.prompteval.stats;

import java.util.List;

/** Computes a {@link PairedComparison} from paired row values. */
public final class PairedComparator {
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
        for (int i = 0; i < n; i++) {
            RowPair p = pairs.get(i);
            if (!Double.isFinite(p.candidate()) || !Double.isFinite(p.baseline())) {
                throw new IllegalArgumentException("row " + p.id() + " has no " + metric.label() + " on one side");
            }
            cand[i] = p.candidate();
            base[i] = p.baseline();
            diff[i] = p.difference();
            labels[i] = p.cluster();
        }
        Clusters clusters = Clusters.of(labels, n);
        double level = options.level();
        MeanEstimate delta = MeanEstimator.estimateByUnits(diff, clusters, level);
        Interval interval = decisionInterval(delta, diff, clusters);
        int improved = 0;
        int regressed = 0;
        for (double d : diff) {
            if (d > TIE) improved++;
            else if (d < -TIE) regressed++;
        }
        return new PairedComparison(metric,
                MeanEstimator.estimateByUnits(cand, clusters, level),
                MeanEstimator.estimateByUnits(base, clusters, level),
                delta,
                Math.sqrt(Descriptive.variance(diff) / n),
                interval,
                mcnemar(cand, base),
                improved, regressed, n - improved - regressed,
                PowerAnalysis.minimumDetectableEffect(delta.standardError(), level),
                Descriptive.pearson(cand, base),
                pairs.stream().mapToInt(RowPair::repeats).max().orElse(1),
                sampleNoise(pairs),
                pairs, unscored);
    }

    /**
     * The t-interval, or the bootstrap's; like the t-interval, the bootstrap gives none below two rows (or clusters),
     * where resampling one unit would only repeat it.
     */
    private Interval decisionInterval(MeanEstimate delta, double[] diff, Clusters clusters) {
        if (options.interval() == IntervalMethod.T) return delta.interval();
        if (!delta.interval().defined()) {
            return new Interval(Double.NaN, Double.NaN, options.level(), IntervalMethod.BOOTSTRAP);
        }
        return PairedBootstrap.percentileByUnits(diff, clusters, options.level(), options.bootstrapResamples(),
                options.bootstrapSeed());
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
        return McNemar.exact(b, c);
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
