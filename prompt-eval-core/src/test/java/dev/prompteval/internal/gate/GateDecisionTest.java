package dev.prompteval.internal.gate;

import dev.prompteval.dataset.Row;
import dev.prompteval.gate.Decision;
import dev.prompteval.gate.GatePolicy;
import dev.prompteval.gate.Outcome;
import dev.prompteval.internal.run.RowResult;
import dev.prompteval.internal.stats.Measure;
import dev.prompteval.internal.stats.MetricKey;
import dev.prompteval.stats.IntervalMethod;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.prompteval.internal.stats.TestRuns.binary;
import static dev.prompteval.internal.stats.TestRuns.row;
import static dev.prompteval.internal.stats.TestRuns.rows;
import static dev.prompteval.internal.stats.TestRuns.run;
import static dev.prompteval.internal.stats.TestRuns.scored;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The three decisions on pass/fail suites. Expected intervals are Tango's, computed independently with scipy 1.10.1
 * (constrained likelihood maximised numerically, bounds by brentq; see PairedProportionsTest); the drop test is
 * McNemar's one-sided mid-p ({@code binom.sf(b, b + c, .5) + binom.pmf(b, b + c, .5) / 2}); rows needed from scipy's
 * noncentral t ({@code scipy.stats.nct}).
 */
class GateDecisionTest {
    private static final String SUITE = "order-summary";

    /** n outcomes; rows in the given 1-based inclusive ranges pass. */
    static boolean[] passing(int n, int[]... ranges) {
        boolean[] passes = new boolean[n];
        for (int[] range : ranges) {
            for (int i = range[0]; i <= range[1]; i++) passes[i - 1] = true;
        }
        return passes;
    }

    private static GateResult gate(GateRules rules, int n, boolean[] candidate, boolean[] baseline) {
        List<Row> rows = rows(n);
        return new Gate(rules).evaluate(run(SUITE, binary(rows, candidate)), run(SUITE, binary(rows, baseline)));
    }

    private static RuleCheck regression(GateResult result, Measure measure) {
        return result.checks().stream()
                .filter(c -> c.rule() == RuleId.MAX_REGRESSION && c.metric().equals(MetricKey.of(measure)))
                .findFirst().orElseThrow();
    }

    @Test
    void failWhenADropIsShownBeyondTheMargin() {
        // 200 rows, baseline passes rows 1-180 (0.90), candidate 1-162 (0.81): 18 regressed, none improved.
        // Tango: [L, U] = [-0.137766, -0.057687]; mid-p = 2^-18 / 2 + ... = 1.91e-6 <= 0.025: a drop is shown,
        // and L < -0.02, so FAIL. Shown on the baseline's scale: 0.90 + [L, U] = [0.762234, 0.842313].
        GateResult result = gate(GateRules.defaults(), 200, passing(200, new int[] {1, 162}),
                passing(200, new int[] {1, 180}));

        assertThat(result.decision()).isEqualTo(Decision.FAIL);
        assertThat(result.blocking()).isTrue();
        assertThat(result.violations()).extracting(RuleCheck::message).containsExactly(
                "order-summary: score is 0.81 [0.76, 0.84], but baseline is 0.90 and the allowed regression is 0.02"
                        + " (McNemar mid-p p = <0.0001)",
                "order-summary: pass rate is 0.81 [0.76, 0.84], but baseline is 0.90 and the allowed regression is 0.02"
                        + " (McNemar mid-p p = <0.0001)");
        RuleCheck check = regression(result, Measure.PASS_RATE);
        assertThat(check.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(check.measured()).isCloseTo(0.81, within(1e-12));
        assertThat(check.baseline()).isCloseTo(0.90, within(1e-12));
        assertThat(check.limit()).isEqualTo(0.02);
        assertThat(check.interval().lower()).isCloseTo(0.762234, within(2e-6));
        assertThat(check.interval().upper()).isCloseTo(0.842313, within(2e-6));
        assertThat(check.drop().family()).as("score and pass rate of pass/fail rows are one comparison").isEqualTo(1);
        assertThat(result.comparison().find(MetricKey.of(Measure.PASS_RATE)).orElseThrow().mcnemar().b())
                .isEqualTo(18);
    }

    @Test
    void passWhenTheCandidateIsShownNoWorseThanTheMargin() {
        // 400 rows, baseline passes 1-360 (0.90); candidate loses 355-360 and gains 361-370 (0.91).
        // Six regressed, ten improved: Tango [L, U] = [-0.010702, 0.032371]: L >= -0.02, so PASS;
        // shown 0.90 + [L, U] = [0.889298, 0.932371].
        GateResult result = gate(GateRules.defaults(), 400,
                passing(400, new int[] {1, 354}, new int[] {361, 370}), passing(400, new int[] {1, 360}));

        assertThat(result.decision()).isEqualTo(Decision.PASS);
        assertThat(result.blocking()).isFalse();
        assertThat(result.violations()).isEmpty();
        assertThat(result.warnings()).isEmpty();
        assertThat(regression(result, Measure.PASS_RATE).message()).isEqualTo(
                "order-summary: pass rate is 0.91 [0.89, 0.93], baseline is 0.90: within the allowed regression 0.02");
    }

    @Test
    void passWithAWarningWhenARealDropStaysWithinTheMargin() {
        // 1000 rows, margin 0.05, baseline passes 1-900 (0.90); candidate loses 871-900, gains 901-910 (0.88).
        // Thirty regressed, ten improved: Tango [L, U] = [-0.033567, -0.008003], L >= -0.05; mid-p 0.000725 shows
        // the drop: PASS with a warning.
        GateRules rules = GateRules.builder().maxRegression(0.05).build();
        GateResult result = gate(rules, 1000, passing(1000, new int[] {1, 870}, new int[] {901, 910}),
                passing(1000, new int[] {1, 900}));

        assertThat(result.decision()).isEqualTo(Decision.PASS);
        assertThat(result.violations()).isEmpty();
        assertThat(result.warnings()).extracting(RuleCheck::message).contains(
                "order-summary: pass rate is 0.88 [0.87, 0.89], below baseline 0.90: a real drop, but within the"
                        + " allowed regression 0.05");
    }

    @Test
    void inconclusiveSaysHowManyRowsWouldSettleIt() {
        // 200 rows, baseline passes 1-160 (0.80); candidate loses 151-160, gains 161-168 (0.79).
        // Ten regressed, eight improved: Tango [L, U] = [-0.055493, 0.034297], mid-p 0.324: INCONCLUSIVE, which
        // does not block by default. Distance to settle: max(d + m, -d) = 0.01; SE of the 0/1 differences
        // sqrt((0.09 - 0.0001) / 200) = 0.0212014; rows with MDE = 0.01 at that spread and at the ends of its 80%
        // chi-square interval (199 df), taking the normal limit above 300 df as PowerAnalysis documents: 7057
        // (6242 to 8075). K = 1: repeats cannot be estimated.
        GateResult result = gate(GateRules.defaults(), 200, passing(200, new int[] {1, 150}, new int[] {161, 168}),
                passing(200, new int[] {1, 160}));

        assertThat(result.decision()).isEqualTo(Decision.INCONCLUSIVE);
        assertThat(result.blocking()).as("INCONCLUSIVE does not block by default").isFalse();
        RuleCheck check = regression(result, Measure.PASS_RATE);
        assertThat(check.message()).isEqualTo("order-summary: pass rate is 0.79 [0.74, 0.83], baseline is 0.80:"
                + " inconclusive; could not rule out a drop of up to 5.5 points; about 7,057 rows (6,242 to 8,075;"
                + " now 200) would settle a 2-point margin");
        assertThat(check.rowsNeeded()).isEqualTo(7057L);
        assertThat(check.repeatsNeeded()).isNull();
        assertThat(result.warnings()).contains(check);
        assertThat(result.violations()).isEmpty();
    }

    @Test
    void inconclusiveUnderTheStrictPolicyBlocks() {
        GateRules rules = GateRules.builder().policy(GatePolicy.REQUIRE_SHOWN_WITHIN_MARGIN).build();
        GateResult result = gate(rules, 200, passing(200, new int[] {1, 150}, new int[] {161, 168}),
                passing(200, new int[] {1, 160}));

        assertThat(result.decision()).isEqualTo(Decision.INCONCLUSIVE);
        assertThat(result.blocking()).isTrue();
        assertThat(result.warnings()).isEmpty();
        assertThat(result.violations()).extracting(RuleCheck::outcome).containsOnly(Outcome.INCONCLUSIVE).hasSize(2);
    }

    @Test
    void inconclusiveWithRepeatsAlsoSuggestsMoreRepeats() {
        // 36 rows, two pass/fail samples each, margin 0.1. Per block of six, row values (candidate vs baseline):
        // 1/1, .5/1, 1/.5, .5/1, 1/.5, 1/1, so d = 0 -.5 .5 -.5 .5 0 (mean 0). scipy 1.10.1: SE = 0.0690066,
        // t(.975, 35) = 2.030108, [L, U] = [-0.140091, 0.140091]: INCONCLUSIVE. Distance max(0 + 0.1, 0) = 0.1:
        // rows 137 (105 to 192) by the noncentral t; per-sample variance of {1, 0} is 0.5 on four rows in six, so
        // noise = 1/3, and repeats = ceil((1/3) / (36 * room)) = 9 with room = (0.1 / 2.881450)^2 - (SE^2 - (1/3) / 72).
        List<Row> rows = rows(36);
        List<RowResult> cand = new ArrayList<>();
        List<RowResult> base = new ArrayList<>();
        double[][] candidate = {{1, 1}, {1, 0}, {1, 1}, {0, 1}, {1, 1}, {1, 1}};
        double[][] baseline = {{1, 1}, {1, 1}, {1, 0}, {1, 1}, {0, 1}, {1, 1}};
        for (int i = 0; i < 36; i++) {
            cand.add(scored(rows.get(i), candidate[i % 6]));
            base.add(scored(rows.get(i), baseline[i % 6]));
        }

        GateResult result = new Gate(GateRules.builder().maxRegression(0.1).build())
                .evaluate(run("s", cand), run("s", base));

        RuleCheck check = regression(result, Measure.PASS_RATE);
        assertThat(check.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
        assertThat(check.message()).isEqualTo("s: pass rate is 0.83 [0.69, 0.97], baseline is 0.83: inconclusive;"
                + " could not rule out a drop of up to 14 points; about 137 rows (105 to 192; now 36) or 9 samples per"
                + " row (now 2) would settle a 10-point margin");
        assertThat(check.repeatsNeeded()).isEqualTo(9L);
        assertThat(check.rowsNeeded()).isEqualTo(137L);
    }

    @Test
    void clusteredRowsWidenTheIntervalSoOneBadClusterIsNotProof() {
        // 40 rows in clusters c1..c4 of 10; all of c1 regresses (d = -1), the rest is unchanged: mean(d) = -0.25.
        // Naive: sd^2 = (10 * 0.75^2 + 30 * 0.25^2) / 39 = 0.192308, SE = 0.0693375, t(.975, 39) = 2.022691,
        // [L, U] = [-0.390, -0.110]: FAIL at m = 0.1.
        // Clustered: residual sums -7.5, 2.5, 2.5, 2.5, squares 75; SE^2 = 4/3 * 75 / 1600 = 0.0625, SE = 0.25
        // (CR2 with equal clusters is CR1), df = 3; four clusters cannot claim more than one gaining and one losing
        // a whole point: SE = sqrt(2 / 12) = 0.408248; t(.975, 3) = 3.182446: [L, U] = [-1, 1.05]: INCONCLUSIVE.
        List<Row> clustered = new ArrayList<>();
        for (int i = 0; i < 40; i++) clustered.add(row("r" + i, null, "c" + (i / 10 + 1)));
        boolean[] base = passing(40, new int[] {1, 40});
        boolean[] cand = passing(40, new int[] {11, 40});
        GateRules rules = GateRules.builder().maxRegression(0.1).build();

        GateResult naive = new Gate(rules).evaluate(run("s", binary(rows(40), cand)), run("s", binary(rows(40), base)));
        GateResult byCluster = new Gate(rules).evaluate(run("s", binary(clustered, cand)),
                run("s", binary(clustered, base)));

        assertThat(naive.decision()).isEqualTo(Decision.FAIL);
        assertThat(byCluster.decision()).isEqualTo(Decision.INCONCLUSIVE);
        var comparison = byCluster.comparison().find(MetricKey.of(Measure.PASS_RATE)).orElseThrow();
        assertThat(comparison.delta().standardError()).isCloseTo(0.25, within(1e-9));
        assertThat(comparison.naiveStandardError()).isCloseTo(0.0693375, within(1e-6));
        assertThat(comparison.delta().clusters()).isEqualTo(4);
        assertThat(comparison.decisionStandardError()).isCloseTo(0.408248, within(1e-6));
        assertThat(comparison.interval().lower()).isEqualTo(-1);
    }

    @Test
    void tooFewRowsForAnIntervalIsInconclusive() {
        List<Row> rows = rows(1);
        GateResult result = new Gate(GateRules.defaults()).evaluate(run("s", binary(rows, new boolean[] {true})),
                run("s", binary(rows, new boolean[] {true})));

        assertThat(result.decision()).isEqualTo(Decision.INCONCLUSIVE);
        assertThat(regression(result, Measure.PASS_RATE).message()).isEqualTo("s: pass rate is 1.00 [0.21, 1.00],"
                + " baseline is 1.00: inconclusive; too few rows (1) for an interval");
    }

    @Test
    void passFailRowsKeepTheScoreIntervalWhenTheBootstrapIsChosen() {
        // The bootstrap is for scores; Tango's interval is exact enough for 0/1 rows and never collapses.
        GateRules rules = GateRules.builder().interval(IntervalMethod.BOOTSTRAP).bootstrap(2000, 3L).build();
        GateResult result = gate(rules, 200, passing(200, new int[] {1, 162}), passing(200, new int[] {1, 180}));

        assertThat(result.decision()).isEqualTo(Decision.FAIL);
        assertThat(regression(result, Measure.PASS_RATE).interval().method()).isEqualTo(IntervalMethod.SCORE);
    }

    @Test
    void bootstrapIntervalDecidesForScores() {
        List<Row> rows = rows(60);
        List<RowResult> cand = new ArrayList<>();
        List<RowResult> base = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            cand.add(scored(rows.get(i), 0.5 + 0.005 * (i % 7)));
            base.add(scored(rows.get(i), 0.7 + 0.005 * (i % 5)));
        }
        GateRules rules = GateRules.builder().interval(IntervalMethod.BOOTSTRAP).bootstrap(2000, 3L).build();
        GateResult result = new Gate(rules).evaluate(run("s", cand), run("s", base));

        RuleCheck check = regression(result, Measure.SCORE);
        assertThat(check.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(check.drop().test()).isEqualTo(dev.prompteval.internal.stats.DropTest.BOOTSTRAP);
        assertThat(check.drop().pValue()).isCloseTo(1.0 / 2001, within(1e-12));
    }
}
