package dev.prompteval.internal.stats;

import dev.prompteval.stats.IntervalMethod;
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
        // (SciPy 1.17 scipy.stats.ttest_rel gives t = 0.06/0.0812404 = 0.73855, the same SE.) Five rows cannot
        // claim more than one row gaining and one losing a whole point would: the decision SE is
        // sqrt(2 / (5 * 4)) = 0.3162278; t(0.975, 4) = 2.776445 gives half-width 0.8779890 (scipy 1.10.1), so
        // [-0.8179890, 0.9379890]; MDE = 3.761060 (scipy's noncentral t multiplier at df 4) * 0.3162278 = 1.1893517;
        // the spread is below that floor, so the drop test is the sign test on 3 rows up, 1 down: mid-p
        // binom.sf(1, 4, .5) + binom.pmf(1, 4, .5) / 2 = 0.8125.
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
        assertThat(c.decisionStandardError()).isCloseTo(0.3162278, within(EPS));
        assertThat(c.interval().lower()).isCloseTo(-0.8179890, within(EPS));
        assertThat(c.interval().upper()).isCloseTo(0.9379890, within(EPS));
        assertThat(c.dropTest()).isEqualTo(DropTest.SIGN_MID_P);
        assertThat(c.dropPValue()).isCloseTo(0.8125, within(1e-12));
        assertThat(c.improved()).isEqualTo(3);
        assertThat(c.regressed()).isEqualTo(1);
        assertThat(c.unchanged()).isEqualTo(1);
        assertThat(c.minimumDetectableEffect()).isCloseTo(1.1893517, within(1e-3));
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
        assertThat(c.mcnemar().pValue()).isCloseTo(0.0654296875, within(1e-12)); // mid-p, see McNemarTest
        // Pass/fail with one sample: Tango's score interval and McNemar's one-sided mid-p decide.
        assertThat(c.interval()).isEqualTo(PairedProportions.tangoInterval(8, 2, 12, 0.95));
        assertThat(c.dropTest()).isEqualTo(DropTest.MCNEMAR_MID_P);
        assertThat(c.dropPValue()).isEqualTo(PairedProportions.dropPValue(8, 2));
        assertThat(c.regressed()).isEqualTo(2);
        assertThat(c.improved()).isEqualTo(8);
        assertThat(c.unchanged()).isEqualTo(2);
    }

    @Test
    void rowsThatAllFellALittleShowADropThroughTheSignTest() {
        // Eight rows, each 1/6 lower: no spread at all, so the t-test has nothing to say (and the floor keeps the
        // interval wide); the sign test does: 8 down, 0 up, mid-p = 0.5^8 / 2 = 0.001953125.
        double[] cand = new double[8];
        double[] base = new double[8];
        java.util.Arrays.fill(cand, 5.0 / 6);
        java.util.Arrays.fill(base, 1.0);
        PairedComparison c = comparator.compare(SCORE, pairs(cand, base), List.of());

        assertThat(c.dropTest()).isEqualTo(DropTest.SIGN_MID_P);
        assertThat(c.dropPValue()).isCloseTo(0.001953125, within(1e-15));
        assertThat(c.interval().upper()).isGreaterThan(0);
    }

    @Test
    void withEnoughSpreadTheDropTestIsThePairedT() {
        // 40 rows alternating d = +0.3 and -0.5: mean -0.1, sd = 0.4050957 (n - 1), SE = 0.0640513 > floor 0.0358;
        // scipy 1.10.1: t.cdf(-0.1 / 0.0640513, 39) = 0.0632720.
        double[] cand = new double[40];
        double[] base = new double[40];
        for (int i = 0; i < 40; i++) {
            base[i] = 0.6;
            cand[i] = i % 2 == 0 ? 0.9 : 0.1;
        }
        PairedComparison c = comparator.compare(SCORE, pairs(cand, base), List.of());

        assertThat(c.dropTest()).isEqualTo(DropTest.PAIRED_T);
        assertThat(c.decisionStandardError()).isCloseTo(0.0640513, within(1e-6));
        assertThat(c.dropPValue()).isCloseTo(0.0632720, within(1e-6));
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
        assertThat(c.delta().degreesOfFreedom()).isCloseTo(2, within(1e-9));
    }

    @Test
    void bootstrapOptionReplacesTheDecisionIntervalFromThirtyRows() {
        var options = new ComparisonOptions(0.95, IntervalMethod.BOOTSTRAP, 2000, 7L);
        double[] cand = new double[30];
        double[] base = new double[30];
        for (int i = 0; i < 30; i++) {
            cand[i] = 0.5 + 0.01 * (i % 7);
            base[i] = 0.5 + 0.01 * (i % 5);
        }
        List<RowPair> pairs = pairs(cand, base);
        PairedComparison c = new PairedComparator(options).compare(SCORE, pairs, List.of());

        assertThat(c.interval().method()).isEqualTo(IntervalMethod.BOOTSTRAP);
        assertThat(c.dropTest()).isEqualTo(DropTest.BOOTSTRAP);
        assertThat(c.delta().interval().method()).isEqualTo(IntervalMethod.T);
        double[] d = pairs.stream().mapToDouble(RowPair::difference).toArray();
        assertThat(c.interval()).isEqualTo(PairedBootstrap.percentile(d, null, 0.95, 2000, 7L));
        assertThat(c.notes()).isEmpty();
    }

    @Test
    void bootstrapFallsBackToTBelowThirtyRowsAndSaysSo() {
        // At 3 or 5 rows the percentile bootstrap is narrower than t and blocks unchanged prompts too often.
        var options = new ComparisonOptions(0.95, IntervalMethod.BOOTSTRAP, 2000, 7L);
        List<RowPair> pairs = pairs(new double[] {.9, .8, .7, 1, .6}, new double[] {.8, .8, .9, .7, .5});
        PairedComparison c = new PairedComparator(options).compare(SCORE, pairs, List.of());

        assertThat(c.interval().method()).isEqualTo(IntervalMethod.T);
        assertThat(c.interval()).isEqualTo(comparator.compare(SCORE, pairs, List.of()).interval());
        assertThat(c.notes()).singleElement().asString().contains("at least 30 rows (here 5)");
    }

    @Test
    void noPairsOrMissingValuesAreRejected() {
        assertThatThrownBy(() -> comparator.compare(SCORE, List.of(), List.of()))
                .hasMessageContaining("no paired rows");
        assertThatThrownBy(() -> comparator.compare(SCORE, List.of(RowPair.of("r7", null, Double.NaN, 1)), List.of()))
                .hasMessageContaining("row r7");
    }

    /**
     * How close an unchanged comparison can come to zero. Expected values: for Tango's interval with no discordant
     * pair, the closed form z^2 / (n + z^2) (so n >= z^2 (1 - m) / m shows a margin m: 188.2 for m = 0.02); for the
     * t-interval at the floor, scipy 1.10.1: {@code stats.t.ppf(0.975, 56) * sqrt(2 / (57 * 56))} and the smallest n
     * with {@code stats.t.ppf(0.975, n - 1) * sqrt(2 / (n (n - 1))) <= 0.02}.
     */
    @Test
    void anUnchangedComparisonsHalfWidthIsWhatItsRowsCanShowAtBest() {
        double zz = 3.8414588206941254;
        assertThat(PairedComparator.unchangedHalfWidth(200, true, 0.95)).isCloseTo(zz / (200 + zz), within(1e-9));
        assertThat(PairedComparator.unchangedHalfWidth(57, false, 0.95)).isCloseTo(0.05014373683229735,
                within(1e-9));
        assertThat(PairedComparator.unitsToShowUnchanged(0.02, true, 0.95)).hasValue(189);
        assertThat(PairedComparator.unitsToShowUnchanged(0.02, false, 0.95)).hasValue(141);
        assertThat(PairedComparator.unchangedHalfWidth(1, true, 0.95)).isNaN();
    }
}
