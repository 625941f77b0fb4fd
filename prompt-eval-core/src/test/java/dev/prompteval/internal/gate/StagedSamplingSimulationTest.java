package dev.prompteval.internal.gate;

import dev.prompteval.dataset.Row;
import dev.prompteval.gate.Decision;
import dev.prompteval.gate.GatePolicy;
import dev.prompteval.internal.run.RowResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static dev.prompteval.internal.stats.TestRuns.rows;
import static dev.prompteval.internal.stats.TestRuns.run;
import static dev.prompteval.internal.stats.TestRuns.scored;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The strict policy with staged samples, seeded: 200 rows, every answer independently wrong with probability 0.1,
 * margin 0.05, maxRepeat 8. Each suite draws 8 samples per row and side up front and is judged on the first K of
 * them for K = 1, 2, 4, 8, stopping at the first PASS or FAIL, as the suite evaluator does (it gets the earlier
 * samples back from the response cache). The benchmark module measures the same through the real evaluator.
 */
class StagedSamplingSimulationTest {
    private static final int ROWS = 200;
    private static final GateRules STRICT = GateRules.builder().policy(GatePolicy.REQUIRE_SHOWN_WITHIN_MARGIN)
            .maxRegression(0.05).maxRepeat(8).build();

    /** {final decision ordinal, samples per row spent}. */
    private static double[] suite(SplittableRandom random, double candidateWrong) {
        List<Row> rows = rows(ROWS);
        double[][] cand = new double[ROWS][8];
        double[][] base = new double[ROWS][8];
        for (int i = 0; i < ROWS; i++) {
            for (int k = 0; k < 8; k++) {
                cand[i][k] = random.nextDouble() < candidateWrong ? 0 : 1;
                base[i][k] = random.nextDouble() < 0.1 ? 0 : 1;
            }
        }
        Gate gate = new Gate(STRICT);
        GateResult result = null;
        int k = 1;
        for (; ; k *= 2) {
            result = gate.evaluate(run("s", prefix(rows, cand, k)), run("s", prefix(rows, base, k)));
            if (result.decision() != Decision.INCONCLUSIVE || k >= STRICT.maxRepeat()) break;
        }
        return new double[] {result.decision().ordinal(), k};
    }

    private static List<RowResult> prefix(List<Row> rows, double[][] samples, int k) {
        List<RowResult> results = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) results.add(scored(rows.get(i), Arrays.copyOf(samples[i], k)));
        return results;
    }

    @Test
    void anUnchangedPromptIsShownWithinTheMarginSpendingFewSamples() {
        // One look at K = 1 passes about a fifth of such suites (half-width ~0.075 at the staged level 98.75%).
        SplittableRandom random = new SplittableRandom(11L);
        int suites = 150;
        int pass = 0;
        double samples = 0;
        for (int s = 0; s < suites; s++) {
            double[] outcome = suite(random, 0.1);
            if (outcome[0] == Decision.PASS.ordinal()) pass++;
            samples += outcome[1];
        }
        assertThat(pass / (double) suites).isGreaterThanOrEqualTo(0.90);
        assertThat(samples / suites).as("mean samples per row").isLessThanOrEqualTo(5);
    }

    @Test
    void aTenPointDropIsNeverShownWithinTheMargin() {
        SplittableRandom random = new SplittableRandom(12L);
        for (int s = 0; s < 60; s++) {
            assertThat(suite(random, 0.2)[0]).isNotEqualTo(Decision.PASS.ordinal());
        }
    }

    @Test
    void stagingSpendsTheErrorRateOverItsLooks() {
        // K = 1, 2, 4, 8: four looks, each at 1 - 0.05 / 4 = 0.9875.
        assertThat(STRICT.looks()).isEqualTo(4);
        assertThat(STRICT.decisionLevel()).isEqualTo(0.9875);
        assertThat(GateRules.defaults().decisionLevel()).isEqualTo(0.95);
    }
}
