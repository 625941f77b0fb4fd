package dev.prompteval.stats;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PowerAnalysisTest {
    private final PairedComparator comparator = new PairedComparator(ComparisonOptions.DEFAULTS);

    @Test
    void mdeIsTheSumOfNormalQuantilesTimesTheStandardError() {
        // z(0.975) + z(0.80) = 1.959964 + 0.841621 = 2.801585 (normal table); at 90%: 1.644854 + 0.841621.
        assertThat(PowerAnalysis.minimumDetectableEffect(0.01, 0.95)).isCloseTo(0.02801585, within(1e-8));
        assertThat(PowerAnalysis.minimumDetectableEffect(1, 0.90)).isCloseTo(2.486475, within(1e-6));
    }

    /** Six rows with K = 2 pass/fail samples each; sample variance of {0, 1} is 0.5, of {1, 1} or {0, 0} it is 0. */
    private PairedComparison twoSampleRows(double noiseOfMixedRows) {
        double v = noiseOfMixedRows;
        return comparator.compare(MetricKey.of(Measure.PASS_RATE), List.of(
                new RowPair("r1", null, 1.0, 1.0, 2, 0, 0),
                new RowPair("r2", null, 0.5, 1.0, 2, v, 0),
                new RowPair("r3", null, 1.0, 0.5, 2, 0, v),
                new RowPair("r4", null, 0.5, 1.0, 2, v, 0),
                new RowPair("r5", null, 0.0, 0.5, 2, 0, v),
                new RowPair("r6", null, 1.0, 1.0, 2, 0, 0)), List.of());
    }

    @Test
    void rowsAndRepeatsNeededToDetectAnEffect() {
        // By hand: d = 0 -.5 .5 -.5 -.5 0, mean -1/6, deviations 1/6 -1/3 2/3 -1/3 -1/3 1/6, squares 30/36,
        // var = 1/6, SE = sqrt(1/36) = 1/6; MDE = 2.801585 / 6 = 0.4669309.
        // Rows for e = 0.1: ceil(6 * (0.4669309 / 0.1)^2) = ceil(130.81) = 131; for e = 0.3: ceil(14.53) = 15.
        // Noise s2 = mean(0, .5, .5, .5, .5, 0) = 1/3, K = 2: noise part of SE^2 = (1/3)/(6*2) = 1/36 = all of it.
        // Repeats for e = 0.3: allowed SE'^2 = (0.3/2.801585)^2 = 0.01146663; K' = ceil((1/3)/(6*0.01146663))
        // = ceil(4.845) = 5. For e = 0.1: allowed 0.00127407, K' = ceil(43.60) = 44.
        PairedComparison c = twoSampleRows(0.5);

        assertThat(c.sampleNoise()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(c.repeats()).isEqualTo(2);
        assertThat(c.minimumDetectableEffect()).isCloseTo(0.4669309, within(1e-6));
        assertThat(PowerAnalysis.rowsToDetect(c, 0.1)).hasValue(131);
        assertThat(PowerAnalysis.rowsToDetect(c, 0.3)).hasValue(15);
        assertThat(PowerAnalysis.repeatsToDetect(c, 0.3)).hasValue(5);
        assertThat(PowerAnalysis.repeatsToDetect(c, 0.1)).hasValue(44);
    }

    @Test
    void repeatsCannotHelpWhenTheRowsThemselvesDiffer() {
        // Same rows, but per-sample variance 0.01: noise s2 = 0.04/6, its part of SE^2 only 0.000556; the rest
        // (1/36 - 0.000556 = 0.0272) already exceeds the allowed 0.01147 for e = 0.3, so no K' is enough.
        PairedComparison c = twoSampleRows(0.01);
        assertThat(PowerAnalysis.repeatsToDetect(c, 0.3)).isEmpty();
        assertThat(PowerAnalysis.rowsToDetect(c, 0.3)).hasValue(15);
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
