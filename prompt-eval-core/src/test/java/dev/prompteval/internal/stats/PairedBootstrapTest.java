package dev.prompteval.internal.stats;

import dev.prompteval.stats.IntervalMethod;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PairedBootstrapTest {

    @Test
    void twoRowsGiveTheWholeRange() {
        // By hand: resampling d = {0, 1} twice gives means 0, 0.5, 1 with probabilities 1/4, 1/2, 1/4. With
        // B = 2000 about 500 resamples have mean 0 and 500 mean 1, so the 2.5% and 97.5% points are 0 and 1.
        Interval i = PairedBootstrap.percentile(new double[] {0, 1}, null, 0.95, 2000, 42L);
        assertThat(i.lower()).isEqualTo(0.0);
        assertThat(i.upper()).isEqualTo(1.0);
        assertThat(i.method()).isEqualTo(IntervalMethod.BOOTSTRAP);
    }

    @Test
    void constantDifferencesGiveAPointInterval() {
        Interval i = PairedBootstrap.percentile(new double[] {-0.25, -0.25, -0.25}, null, 0.95, 500, 1L);
        assertThat(i.lower()).isEqualTo(-0.25);
        assertThat(i.upper()).isEqualTo(-0.25);
    }

    @Test
    void sameSeedSameIntervalOtherSeedOtherInterval() {
        double[] d = new SplittableRandom(3).doubles(50).toArray();
        Interval a = PairedBootstrap.percentile(d, null, 0.95, 2000, 11L);
        assertThat(PairedBootstrap.percentile(d, null, 0.95, 2000, 11L)).isEqualTo(a);
        assertThat(PairedBootstrap.percentile(d, null, 0.95, 2000, 12L)).isNotEqualTo(a);
    }

    @Test
    void clusterBootstrapResamplesWholeClusters() {
        // Clusters A (10 rows, d = 1) and B (10 rows, d = 0). Resampling clusters gives means 0, 0.5, 1 with
        // probabilities 1/4, 1/2, 1/4, so the interval is [0, 1]. Resampling rows gives Binomial(20, 1/2) / 20, whose
        // 2.5% and 97.5% points are 6/20 = 0.30 and 14/20 = 0.70 (P(X <= 5) = 0.0207, P(X <= 6) = 0.0577).
        double[] d = new double[20];
        Arrays.fill(d, 0, 10, 1.0);
        String[] clusters = new String[20];
        Arrays.fill(clusters, 0, 10, "A");
        Arrays.fill(clusters, 10, 20, "B");

        Interval byCluster = PairedBootstrap.percentile(d, clusters, 0.95, 2000, 5L);
        Interval byRow = PairedBootstrap.percentile(d, null, 0.95, 2000, 5L);

        assertThat(byCluster.lower()).isEqualTo(0.0);
        assertThat(byCluster.upper()).isEqualTo(1.0);
        // Sampling error of a 2.5% point at B = 2000 is about one binomial step (0.05); allow one step.
        assertThat(byRow.lower()).isCloseTo(0.30, within(0.05 + 1e-9));
        assertThat(byRow.upper()).isCloseTo(0.70, within(0.05 + 1e-9));
    }

    @Test
    void agreesWithTheTIntervalOnALargeNormalSample() {
        // For 400 normal differences the percentile bootstrap and the t-interval estimate the same half-width
        // (1.96 * sd / sqrt(n)); with B = 2000 they agree to within a few percent.
        SplittableRandom random = new SplittableRandom(99);
        double[] d = new double[400];
        for (int i = 0; i < d.length; i++) d[i] = 0.1 + 0.3 * gaussian(random);
        Interval t = MeanEstimator.estimate(d, null, 0.95).interval();
        Interval boot = PairedBootstrap.percentile(d, null, 0.95, 2000, 1L);

        assertThat(boot.halfWidth()).isCloseTo(t.halfWidth(), within(0.08 * t.halfWidth()));
        assertThat((boot.lower() + boot.upper()) / 2).isCloseTo((t.lower() + t.upper()) / 2,
                within(0.1 * t.halfWidth()));
    }

    static double gaussian(SplittableRandom random) {
        // Box-Muller: enough for test data.
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
