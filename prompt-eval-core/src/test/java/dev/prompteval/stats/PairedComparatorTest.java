package dev.prompteval.stats;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PairedComparatorTest {
    private static final double EPS = 1e-6;
    private static final MetricKey SCORE = MetricKey.of(Measure.SCORE);
    private final PairedComparator comparator = new PairedComparator(ComparisonOptions.DEFAULTS);

    private static List<RowPair> pairs(double[] cand, double[] base) {
        List<RowPair> pairs = new ArrayList<>();
        for (int i = 0; i < cand.length; i++) pairs.add(RowPair.of("r" + (i + 1), null, cand[i], base[i]));
        return pairs;
    }

    @Test
    void pairedDifferenceStandardErrorIntervalCountsMdeAndCorrelation() {
        // By hand: cand = .9 .8 .7 1 .6, base = .8 .8 .9 .7 .5, d = .1 0 -.2 .3 .1, mean(d) = 0.06.
        // Deviations .04 -.06 -.26 .24 .04, squares sum 0.132, var = 0.033, SE = sqrt(0.033/5) = 0.0812404.
        // t(0.975, 4) = 2.776445: half-width 0.2255595, interval [-0.1655595, 0.2855595]
        // (SciPy 1.17 scipy.stats.ttest_rel gives t = 0.06/0.0812404 = 0.73855, the same SE).
        // MDE = (1.959964 + 0.841621) * 0.0812404 = 0.2276019.
        // Pearson: cand deviations .1 0 -.1 .2 -.2, base .06 .06 .16 -.04 -.24: Sxy = 0.03, Sxx = 0.1,
        // Syy = 0.092, r = 0.03 / sqrt(0.0092) = 0.3127716 (scipy.stats.pearsonr agrees).
        PairedComparison c = comparator.compare(SCORE,
                pairs(new double[] {.9, .8, .7, 1, .6}, new double[] {.8, .8, .9, .7, .5}), List.of());

        assertThat(c.n()).isEqualTo(5);
        assertThat(c.candidate().mean()).isCloseTo(0.8, within(EPS));
        assertThat(c.baseline().mean()).isCloseTo(0.74, within(EPS));
        assertThat(c.delta().mean()).isCloseTo(0.06, within(EPS));
        assertThat(c.delta().standardError()).isCloseTo(0.0812404, within(EPS));
        assertThat(c.naiveStandardError()).isCloseTo(0.0812404, within(EPS));
        assertThat(c.interval().lower()).isCloseTo(-0.1655595, within(EPS));
        assertThat(c.interval().upper()).isCloseTo(0.2855595, within(EPS));
        assertThat(c.improved()).isEqualTo(3);
        assertThat(c.regressed()).isEqualTo(1);
        assertThat(c.unchanged()).isEqualTo(1);
        assertThat(c.minimumDetectableEffect()).isCloseTo(0.2276019, within(EPS));
        assertThat(c.correlation()).isCloseTo(0.3127716, within(EPS));
        assertThat(c.mcnemar()).as("scores are not pass/fail").isNull();
        assertThat(c.repeats()).isEqualTo(1);
        assertThat(c.sampleNoise()).isNaN();
    }

    @Test
    void mcnemarCountsDiscordantPassFailPairs() {
        // base pass & cand fail (b): rows 1, 2; base fail & cand pass (c): rows 3..10; rows 11, 12 concordant.
        double[] base = {1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0};
        double[] cand = {0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0};
        PairedComparison c = comparator.compare(MetricKey.of(Measure.PASS_RATE), pairs(cand, base), List.of());

        assertThat(c.mcnemar()).isEqualTo(new McNemar(2, 8, c.mcnemar().pValue()));
        assertThat(c.mcnemar().pValue()).isCloseTo(0.109375, within(1e-12));
        assertThat(c.regressed()).isEqualTo(2);
        assertThat(c.improved()).isEqualTo(8);
        assertThat(c.unchanged()).isEqualTo(2);
    }

    @Test
    void correlationIsUndefinedWhenOneSideIsConstant() {
        PairedComparison c = comparator.compare(SCORE, pairs(new double[] {1, 1, 1}, new double[] {1, 0, 1}),
                List.of());
        assertThat(c.correlation()).isNaN();
    }

    @Test
    void clusteredDifferencesUseTheClusteredStandardErrorButKeepTheNaiveOne() {
        // d = 1,0 | 1,1 | 0,0 (clusters A, B, C), as in MeanEstimatorTest: clustered SE 0.2886751, naive 0.2236068.
        List<RowPair> pairs = List.of(RowPair.of("1", "A", 1, 0), RowPair.of("2", "A", 0, 0),
                RowPair.of("3", "B", 1, 0), RowPair.of("4", "B", 1, 0), RowPair.of("5", "C", 0, 0),
                RowPair.of("6", "C", 0, 0));
        PairedComparison c = comparator.compare(SCORE, pairs, List.of());

        assertThat(c.delta().clustered()).isTrue();
        assertThat(c.delta().standardError()).isCloseTo(0.2886751, within(EPS));
        assertThat(c.naiveStandardError()).isCloseTo(0.2236068, within(EPS));
        assertThat(c.delta().degreesOfFreedom()).isEqualTo(2);
    }

    @Test
    void bootstrapOptionReplacesTheDecisionInterval() {
        var options = new ComparisonOptions(0.95, IntervalMethod.BOOTSTRAP, 2000, 7L);
        List<RowPair> pairs = pairs(new double[] {.9, .8, .7, 1, .6}, new double[] {.8, .8, .9, .7, .5});
        PairedComparison c = new PairedComparator(options).compare(SCORE, pairs, List.of());

        assertThat(c.interval().method()).isEqualTo(IntervalMethod.BOOTSTRAP);
        assertThat(c.delta().interval().method()).isEqualTo(IntervalMethod.T);
        double[] d = pairs.stream().mapToDouble(RowPair::difference).toArray();
        assertThat(c.interval()).isEqualTo(PairedBootstrap.percentile(d, null, 0.95, 2000, 7L));
    }

    @Test
    void bootstrapGivesNoIntervalForASingleRow() {
        var options = new ComparisonOptions(0.95, IntervalMethod.BOOTSTRAP, 2000, 7L);
        PairedComparison c = new PairedComparator(options).compare(SCORE, List.of(RowPair.of("r1", null, 1, 1)),
                List.of());
        assertThat(c.interval().defined()).isFalse();
        assertThat(c.interval().method()).isEqualTo(IntervalMethod.BOOTSTRAP);
    }

    @Test
    void noPairsOrMissingValuesAreRejected() {
        assertThatThrownBy(() -> comparator.compare(SCORE, List.of(), List.of()))
                .hasMessageContaining("no paired rows");
        assertThatThrownBy(() -> comparator.compare(SCORE, List.of(RowPair.of("r7", null, Double.NaN, 1)), List.of()))
                .hasMessageContaining("row r7");
    }
}
