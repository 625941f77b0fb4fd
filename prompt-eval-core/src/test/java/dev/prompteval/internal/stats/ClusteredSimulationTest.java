package dev.prompteval.internal.stats;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Simulation (c): rows that share a cluster are correlated, and the clustered interval widens accordingly.
 *
 * <p>Model: G = 40 clusters of m = 10 rows, {@code d_i = w_g + e_i} with w ~ N(0, 0.2) per cluster and
 * e ~ N(0, 0.8) per row, true mean 0. Intra-cluster correlation rho = 0.2 / (0.2 + 0.8) = 0.2, design effect
 * {@code 1 + (m - 1) rho = 2.8} (Kish 1965), so the true SE is sqrt(2.8) = 1.673 times the naive {@code sd/sqrt(n)}.
 * Then a 95% naive interval covers the true mean only about P(|Z| < 1.96 / 1.673) = 76% of the time.
 */
class ClusteredSimulationTest {
    private static final int SIMULATIONS = 1000;
    private static final int CLUSTERS = 40;
    private static final int SIZE = 10;

    @Test
    void clusteredIntervalWidensByTheDesignEffectAndKeepsItsCoverage() {
        SplittableRandom random = new SplittableRandom(2024);
        String[] labels = new String[CLUSTERS * SIZE];
        for (int i = 0; i < labels.length; i++) labels[i] = "c" + i / SIZE;

        double ratioSum = 0;
        int clusteredCovers = 0;
        int naiveCovers = 0;
        for (int s = 0; s < SIMULATIONS; s++) {
            double[] d = new double[labels.length];
            for (int g = 0; g < CLUSTERS; g++) {
                double shift = Math.sqrt(0.2) * PairedBootstrapTest.gaussian(random);
                for (int k = 0; k < SIZE; k++) {
                    d[g * SIZE + k] = shift + Math.sqrt(0.8) * PairedBootstrapTest.gaussian(random);
                }
            }
            MeanEstimate clustered = MeanEstimator.estimate(d, labels, 0.95);
            MeanEstimate naive = MeanEstimator.estimate(d, null, 0.95);
            ratioSum += clustered.interval().halfWidth() / naive.interval().halfWidth();
            if (clustered.interval().lower() <= 0 && clustered.interval().upper() >= 0) clusteredCovers++;
            if (naive.interval().lower() <= 0 && naive.interval().upper() >= 0) naiveCovers++;
        }
        // Expected half-width ratio: sqrt(2.8) * t(.975, 39) / t(.975, 399) = 1.673 * 2.0227 / 1.9659 = 1.72.
        assertThat(ratioSum / SIMULATIONS).isBetween(1.60, 1.85);
        // Clustered coverage should be near 95% (CR1 with G = 40 runs slightly below); naive near 76%.
        assertThat(clusteredCovers / (double) SIMULATIONS).isBetween(0.92, 0.975);
        assertThat(naiveCovers / (double) SIMULATIONS).isBetween(0.70, 0.82);
    }
}
