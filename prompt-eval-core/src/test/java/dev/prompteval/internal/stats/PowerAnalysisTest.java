package dev.prompteval.internal.stats;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Expected values from scipy 1.10.1: power is {@code scipy.stats.nct.sf(t.ppf(0.975, df), df, ncp)}, the multiplier
 * its root at 0.80 by {@code scipy.optimize.brentq}, the spread's range from {@code scipy.stats.chi2.ppf}.
 */
class PowerAnalysisTest {
    private final PairedComparator comparator = new PairedComparator(ComparisonOptions.DEFAULTS);

    @Test
    void powerIsTheNoncentralTTail() {
        // scipy: nct.sf(t.ppf(0.975, 7), 7, 3) = 0.730628; nct.sf(t.ppf(0.95, 20), 20, 1.5) = 0.422399
        assertThat(PowerAnalysis.power(3, 7, 0.95)).isCloseTo(0.730628, within(5e-4));
        assertThat(PowerAnalysis.power(1.5, 20, 0.90)).isCloseTo(0.422399, within(5e-4));
        // The normal-quantile MDE 2.801585 SE delivers only 48% power at df = 3 (scipy: 0.4833), 61% at df = 5.
        assertThat(PowerAnalysis.power(2.801585, 3, 0.95)).isCloseTo(0.4833, within(1e-3));
        assertThat(PowerAnalysis.power(2.801585, 5, 0.95)).isCloseTo(0.6148, within(1e-3));
    }

    @Test
    void mdeMultiplierUsesTheDegreesOfFreedom() {
        // scipy: df 3 -> 4.255899, 5 -> 3.513904, 10 -> 3.109971, 30 -> 2.895362, 100 -> 2.828851
        assertThat(PowerAnalysis.multiplier(3, 0.95)).isCloseTo(4.255899, within(2e-3));
        assertThat(PowerAnalysis.multiplier(5, 0.95)).isCloseTo(3.513904, within(2e-3));
        assertThat(PowerAnalysis.multiplier(10, 0.95)).isCloseTo(3.109971, within(2e-3));
        assertThat(PowerAnalysis.multiplier(30, 0.95)).isCloseTo(2.895362, within(2e-3));
        assertThat(PowerAnalysis.multiplier(100, 0.95)).isCloseTo(2.828851, within(2e-3));
        // Above 1000 df the normal limit z(0.975) + z(0.80) = 2.801585.
        assertThat(PowerAnalysis.minimumDetectableEffect(0.01, 5000, 0.95)).isCloseTo(0.02801585, within(1e-8));
    }

    @Test
    void rowsNeededGrowTheDegreesOfFreedomWithTheRows() {
        // scipy fixed point n = ceil((multiplier(n - 1) * spread / effect)^2): 199, 285, 34
        assertThat(PowerAnalysis.rows(0.5, 0.1, 0.95, 1)).hasValue(199);
        assertThat(PowerAnalysis.rows(0.3, 0.05, 0.95, 1)).hasValue(285);
        assertThat(PowerAnalysis.rows(1.0, 0.5, 0.95, 1)).hasValue(34);
    }

    /** 36 rows with K = 2 pass/fail samples each; sample variance of {0, 1} is 0.5, of {1, 1} or {0, 0} it is 0. */
    private PairedComparison twoSampleRows(double noiseOfMixedRows) {
        double v = noiseOfMixedRows;
        var pairs = new ArrayList<RowPair>();
        for (int i = 0; i < 6; i++) {
            pairs.add(new RowPair("a" + i, null, 1.0, 1.0, 2, 0, 0));
            pairs.add(new RowPair("b" + i, null, 0.5, 1.0, 2, v, 0));
            pairs.add(new RowPair("c" + i, null, 1.0, 0.5, 2, 0, v));
            pairs.add(new RowPair("d" + i, null, 0.5, 1.0, 2, v, 0));
            pairs.add(new RowPair("e" + i, null, 0.0, 0.5, 2, 0, v));
            pairs.add(new RowPair("f" + i, null, 1.0, 1.0, 2, 0, 0));
        }
        return comparator.compare(MetricKey.of(Measure.PASS_RATE), pairs, List.of());
    }

    @Test
    void rowsAndRepeatsNeededToDetectAnEffect() {
        // d = (0 -.5 .5 -.5 -.5 0) x 6: SE = sd(d)/6 = 0.0629941 (above the floor sqrt(2/(36*35)) = 0.0398);
        // scipy: multiplier(35) = 2.881450, MDE = 0.1815143; rows for e = 0.1 with the spread and the ends of its 80%
        // chi-square interval: 88, 115, 161. Repeats (noise 1/3, K = 2): e = 0.15 -> 3, 0.2 -> 2, 0.1 -> 5.
        PairedComparison c = twoSampleRows(0.5);

        assertThat(c.sampleNoise()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(c.repeats()).isEqualTo(2);
        assertThat(c.decisionStandardError()).isCloseTo(0.0629941, within(1e-6));
        assertThat(c.minimumDetectableEffect()).isCloseTo(0.1815143, within(2e-4));
        assertThat(PowerAnalysis.rowsToDetect(c, 0.1)).hasValue(new PowerAnalysis.Range(88, 115, 161));
        assertThat(PowerAnalysis.repeatsToDetect(c, 0.15)).hasValue(3);
        assertThat(PowerAnalysis.repeatsToDetect(c, 0.2)).hasValue(2);
        assertThat(PowerAnalysis.repeatsToDetect(c, 0.1)).hasValue(5);
    }

    @Test
    void repeatsCannotHelpWhenTheRowsThemselvesDiffer() {
        // Same rows, per-sample variance 0.01: the part of SE^2 that repeats shrink is tiny, the rest already exceeds
        // what e = 0.15 allows (scipy: room -0.00117), so no K' is enough; more rows still are.
        PairedComparison c = twoSampleRows(0.01);
        assertThat(PowerAnalysis.repeatsToDetect(c, 0.15)).isEmpty();
        assertThat(PowerAnalysis.rowsToDetect(c, 0.1)).isPresent();
    }

    @Test
    void noEstimateWithoutAnEffectOrWithoutPerSampleNoise() {
        PairedComparison c = twoSampleRows(0.5);
        assertThat(PowerAnalysis.rowsToDetect(c, 0)).isEmpty();
        PairedComparison singleSample = comparator.compare(MetricKey.of(Measure.SCORE),
                List.of(RowPair.of("a", null, 1, 0), RowPair.of("b", null, 0, 0)), List.of());
        assertThat(PowerAnalysis.repeatsToDetect(singleSample, 0.1)).as("K = 1: noise unknown").isEmpty();
    }
}
