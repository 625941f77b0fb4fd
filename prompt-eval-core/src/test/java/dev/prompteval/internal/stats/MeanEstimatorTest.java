package dev.prompteval.internal.stats;

import dev.prompteval.stats.IntervalMethod;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MeanEstimatorTest {
    private static final double EPS = 1e-6;

    @Test
    void tQuantileMatchesTheTextbookTable() {
        // Student t table (any statistics textbook, e.g. NIST/SEMATECH e-Handbook 1.3.6.7.2): t(0.975, 9) = 2.262157,
        // t(0.975, 4) = 2.776445, t(0.975, 2) = 4.302653.
        assertThat(Quantiles.twoSidedT(0.95, 9)).isCloseTo(2.262157, within(EPS));
        assertThat(Quantiles.twoSidedT(0.95, 4)).isCloseTo(2.776445, within(EPS));
        assertThat(Quantiles.twoSidedT(0.95, 2)).isCloseTo(4.302653, within(EPS));
        // Standard normal table: z(0.975) = 1.959964, z(0.80) = 0.841621.
        assertThat(Quantiles.z(0.975)).isCloseTo(1.959964, within(EPS));
        assertThat(Quantiles.z(0.80)).isCloseTo(0.841621, within(EPS));
    }

    @Test
    void unclusteredMeanStandardErrorAndTInterval() {
        // By hand: x = 1..5, mean 3, sample variance (4+1+0+1+4)/4 = 2.5, SE = sqrt(2.5/5) = 0.7071068, df 4,
        // interval 3 -/+ 2.776445 * 0.7071068 = [1.036757, 4.963243] (same from SciPy 1.17 scipy.stats.t.ppf).
        MeanEstimate e = MeanEstimator.estimate(new double[] {1, 2, 3, 4, 5}, null, 0.95);

        assertThat(e.n()).isEqualTo(5);
        assertThat(e.clustered()).isFalse();
        assertThat(e.clusters()).isEqualTo(5);
        assertThat(e.mean()).isCloseTo(3, within(EPS));
        assertThat(e.standardError()).isCloseTo(0.7071068, within(EPS));
        assertThat(e.degreesOfFreedom()).isEqualTo(4);
        assertThat(e.interval().lower()).isCloseTo(1.036757, within(EPS));
        assertThat(e.interval().upper()).isCloseTo(4.963243, within(EPS));
        assertThat(e.interval().method()).isEqualTo(IntervalMethod.T);
    }

    @Test
    void clusteredStandardErrorSumsResidualsPerCluster() {
        // By hand: x = 1,0 | 1,1 | 0,0 in clusters A, B, C. mean 0.5, residuals +.5 -.5 | +.5 +.5 | -.5 -.5,
        // cluster sums 0, 1, -1, sum of squares 2. G = 3, n = 6:
        // SE^2 = G/(G-1) * 2 / n^2 = 1.5 * 2 / 36 = 1/12, SE = 0.2886751 (CR2 with equal clusters: 1/(1 - 2/6) = 1.5
        // is the same factor); Bell-McCaffrey df with equal clusters = G - 1 = 2;
        // half-width 4.302653 * 0.2886751 = 1.242069. The naive SE is sqrt(0.3 / 6) = 0.2236068.
        double[] x = {1, 0, 1, 1, 0, 0};
        MeanEstimate e = MeanEstimator.estimate(x, new String[] {"A", "A", "B", "B", "C", "C"}, 0.95);

        assertThat(e.clustered()).isTrue();
        assertThat(e.clusters()).isEqualTo(3);
        assertThat(e.standardError()).isCloseTo(0.2886751, within(EPS));
        assertThat(e.degreesOfFreedom()).isCloseTo(2, within(1e-9));
        assertThat(e.interval().halfWidth()).isCloseTo(1.242069, within(EPS));
        assertThat(MeanEstimator.estimate(x, null, 0.95).standardError()).isCloseTo(0.2236068, within(EPS));
    }

    @Test
    void unequalClustersUseCr2AndBellMcCaffreyDegreesOfFreedom() {
        // Independent computation with numpy 1.24: the CR2 variance as the quadratic form e' W e, W holding
        // 1 / (1 - n_g/n) / n^2 within each cluster, and df = tr(B)^2 / tr(B^2) for B = M W M with the explicit
        // centring matrix M = I - 11'/n: SE = 0.050894771615, df = 2.986175115207 (G = 5, so CR1 would claim 4).
        double[] x = {0.1, 0.4, 0.35, 0.8, 0.2, 0.9, 0.55, 0.05, 0.6, 0.3};
        String[] labels = {"a", "a", "a", "a", "b", "b", null, null, "c", "c"};
        MeanEstimate e = MeanEstimator.estimate(x, labels, 0.95);

        assertThat(e.clusters()).isEqualTo(5);
        assertThat(e.standardError()).isCloseTo(0.050894771615, within(1e-10));
        assertThat(e.degreesOfFreedom()).isCloseTo(2.986175115207, within(1e-9));
    }

    @Test
    void singletonClustersReduceToTheOrdinaryStandardError() {
        // G = n: G/(G-1) * sum(e^2) / n^2 = n/(n-1) * 10/25 = 5/4 * 0.4 = 0.5 = sd^2 / n.
        MeanEstimate e = MeanEstimator.estimate(new double[] {1, 2, 3, 4, 5}, new String[] {"a", "b", "c", "d", "e"},
                0.95);

        assertThat(e.standardError()).isCloseTo(0.7071068, within(EPS));
        assertThat(e.degreesOfFreedom()).isEqualTo(4);
    }

    @Test
    void unlabelledRowsAreClustersOfTheirOwn() {
        // x = 1, 1 (cluster A) and 0, 0 unlabelled: G = 3 (A, row 3, row 4). mean 0.5, residual sums 1, -.5, -.5;
        // CR2 weights 1/(1 - 2/4) = 2 and 1/(1 - 1/4) = 4/3: SE^2 = (2 + .25 * 4/3 * 2) / 16 = 1/6, SE = 0.4082483,
        // Bell-McCaffrey df 1.8 (numpy's matrix computation as in the test above agrees on both).
        MeanEstimate e = MeanEstimator.estimate(new double[] {1, 1, 0, 0}, new String[] {"A", "A", null, null}, 0.95);

        assertThat(e.clusters()).isEqualTo(3);
        assertThat(e.standardError()).isCloseTo(0.4082483, within(EPS));
        assertThat(e.degreesOfFreedom()).isCloseTo(1.8, within(1e-9));
    }

    @Test
    void tooFewRowsOrClustersLeaveTheIntervalUndefined() {
        assertThat(MeanEstimator.estimate(new double[] {0.7}, null, 0.95).interval().defined()).isFalse();
        MeanEstimate oneCluster = MeanEstimator.estimate(new double[] {1, 0}, new String[] {"A", "A"}, 0.95);
        assertThat(oneCluster.standardError()).isNaN();
        assertThat(oneCluster.interval().defined()).isFalse();
    }
}
