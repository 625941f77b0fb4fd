package dev.prompteval.internal.gate;

import dev.prompteval.dataset.Row;
import dev.prompteval.gate.Decision;
import dev.prompteval.internal.run.RunResult;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.statistics.distribution.BetaDistribution;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static dev.prompteval.internal.stats.TestRuns.binary;
import static dev.prompteval.internal.stats.TestRuns.rows;
import static dev.prompteval.internal.stats.TestRuns.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded simulations of the whole gate on pass/fail suites with noisy outputs. Each simulated dataset draws a
 * per-row difficulty p_i ~ Beta(8, 2) (mean 0.80): rows differ in how hard they are, and both versions see the same
 * rows. Each version then passes row i with its own probability, independently (K = 1).
 */
class GateSimulationTest {
    private static final int SIMULATIONS = 1000;
    private static final double ALPHA = 0.05;

    private final Gate gate = new Gate(GateRules.defaults());

    /** Gate decisions over {@link #SIMULATIONS} runs where the candidate's pass probability is {@code factor * p_i}. */
    private static int[] simulate(Gate gate, int n, double factor, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        UniformRandomProvider rng = random::nextLong;
        ContinuousDistribution.Sampler difficulty = BetaDistribution.of(8, 2).createSampler(rng);
        List<Row> rows = rows(n);
        int[] decisions = new int[Decision.values().length + 1];
        for (int s = 0; s < SIMULATIONS; s++) {
            boolean[] base = new boolean[n];
            boolean[] cand = new boolean[n];
            double naiveDelta = 0;
            for (int i = 0; i < n; i++) {
                double p = difficulty.sample();
                base[i] = random.nextDouble() < p;
                cand[i] = random.nextDouble() < factor * p;
                naiveDelta += ((cand[i] ? 1 : 0) - (base[i] ? 1 : 0)) / (double) n;
            }
            RunResult candidate = run("sim", binary(rows, cand));
            RunResult baseline = run("sim", binary(rows, base));
            decisions[gate.evaluate(candidate, baseline).decision().ordinal()]++;
            // The naive gate of the issue: "fail if the mean drops more than 2 points".
            if (naiveDelta < -0.02) decisions[Decision.values().length]++;
        }
        return decisions;
    }

    @Test
    void identicalVersionsRarelyFail() {
        // A/A: 200 rows, both versions of identical quality. A FAIL needs U < 0, i.e. the upper bound of a 95%
        // two-sided interval below the true difference 0: probability alpha/2 = 2.5% per gated metric. The score and
        // the pass rate coincide on pass/fail rows, so the gate's FAIL rate should be near 2.5%, and must stay
        // within alpha + 2 points (the bound); we hold it to alpha/2 + 2 points.
        // Most A/A runs come out INCONCLUSIVE instead: at 200 rows the interval half-width is about
        // 1.97 * sqrt(2 * E[p(1-p)] / 200) = 0.075 > 0.02, so "no worse than 2 points" cannot be shown either way.
        // With this seed: 2.6% FAIL, 7.5% PASS, 89.9% INCONCLUSIVE; the naive gate fires in 27.4%.
        int[] d = simulate(gate, 200, 1.0, 20241101L);
        double fail = d[Decision.FAIL.ordinal()] / (double) SIMULATIONS;
        double naive = d[Decision.values().length] / (double) SIMULATIONS;

        assertThat(fail).isLessThanOrEqualTo(ALPHA + 0.02);
        assertThat(fail).isBetween(0.01, ALPHA / 2 + 0.02);
        // For contrast, the naive threshold gate fires on roughly a quarter to a third of identical pairs:
        // P(mean(d) < -0.02) = P(Z < -0.02 / 0.038) = 30%.
        assertThat(naive).isBetween(0.20, 0.40);
    }

    @Test
    void aTenPointDropOnFiveHundredRowsFails() {
        // Candidate passes with 0.875 * p_i: mean 0.70 against 0.80, a true drop of 10 points. With
        // Var(d_i) = E[p(1-p)] + E[p'(1-p')] + Var(p - p') = 0.1455 + 0.1990 + 0.0002 = 0.3447, SE = 0.0263 and
        // P(FAIL) = P(mean(d) + 1.965 * SE < 0) = Phi((0.10 - 0.0516) / 0.0263) = Phi(1.84) = 96.7%.
        // With this seed: 96.6% FAIL, 3.4% INCONCLUSIVE.
        int[] d = simulate(gate, 500, 0.875, 7L);

        assertThat(d[Decision.FAIL.ordinal()] / (double) SIMULATIONS).isGreaterThanOrEqualTo(0.95);
    }
}
