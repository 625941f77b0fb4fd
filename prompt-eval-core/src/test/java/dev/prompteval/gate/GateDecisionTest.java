package dev.prompteval.gate;

import dev.prompteval.dataset.Row;
import dev.prompteval.run.RowResult;
import dev.prompteval.run.RunResult;
import dev.prompteval.stats.IntervalMethod;
import dev.prompteval.stats.Measure;
import dev.prompteval.stats.MetricKey;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.prompteval.stats.TestRuns.binary;
import static dev.prompteval.stats.TestRuns.row;
import static dev.prompteval.stats.TestRuns.rows;
import static dev.prompteval.stats.TestRuns.run;
import static dev.prompteval.stats.TestRuns.scored;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The three decisions on pass/fail suites whose numbers are worked out in the comments (t quantiles from SciPy 1.17,
 * {@code scipy.stats.t.ppf}; MDE multiplier z(.975) + z(.8) = 2.801585).
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
        // 200 rows, baseline passes rows 1-180 (0.90), candidate 1-162 (0.81): d = -1 on 18 rows, 0 elsewhere.
        // mean(d) = -0.09, sd(d)^2 = (18 * 0.91^2 + 182 * 0.09^2) / 199 = 0.0823116, SE = 0.0202869,
        // t(.975, 199) = 1.971957, [L, U] = [-0.130005, -0.049995]: U < 0 and L < -0.02, so FAIL.
        // Shown on the baseline's scale: 0.90 + [L, U] = [0.769995, 0.850005] -> "[0.77, 0.85]".
        GateResult result = gate(GateRules.defaults(), 200, passing(200, new int[] {1, 162}),
                passing(200, new int[] {1, 180}));

        assertThat(result.decision()).isEqualTo(Decision.FAIL);
        assertThat(result.blocking()).isTrue();
        assertThat(result.violations()).extracting(RuleCheck::message).containsExactly(
                "order-summary: score is 0.81 [0.77, 0.85], but baseline is 0.90 and the allowed regression is 0.02",
                "order-summary: pass rate is 0.81 [0.77, 0.85], but baseline is 0.90 and the allowed regression is 0.02");
        RuleCheck check = regression(result, Measure.PASS_RATE);
        assertThat(check.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(check.measured()).isCloseTo(0.81, within(1e-12));
        assertThat(check.baseline()).isCloseTo(0.90, within(1e-12));
        assertThat(check.limit()).isEqualTo(0.02);
        assertThat(check.interval().lower()).isCloseTo(0.769995, within(1e-6));
        assertThat(check.interval().upper()).isCloseTo(0.850005, within(1e-6));
        assertThat(result.comparison().find(MetricKey.of(Measure.PASS_RATE)).orElseThrow().mcnemar().b())
                .isEqualTo(18);
    }

    @Test
    void passWhenTheCandidateIsShownNoWorseThanTheMargin() {
        // 400 rows, baseline passes 1-360 (0.90); candidate loses 355-360 and gains 361-370 (0.91).
        // d: six -1, ten +1: mean 0.01, sd^2 = (16 - 400 * 0.0001) / 399 = 0.04, SE = 0.01, t(.975, 399) = 1.965927,
        // [L, U] = [-0.009659, 0.029659]: L >= -0.02, so PASS; shown 0.90 + [L, U] = [0.890341, 0.929659].
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
        // d: thirty -1, ten +1: mean -0.02, sd^2 = (40 - 1000 * 0.0004) / 999 = 0.0396396, SE = 0.0062960,
        // t(.975, 999) = 1.962341, [L, U] = [-0.032355, -0.007645]: L >= -0.05 but U < 0, so PASS with a warning.
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
        // d: ten -1, eight +1: mean -0.01, sd^2 = (18 - 200 * 0.0001) / 199 = 0.0903518, SE = 0.0212546,
        // [L, U] = -0.01 -/+ 1.971957 * SE = [-0.051913, 0.031913]: L < -0.02 and U >= 0, so INCONCLUSIVE.
        // Distance to settle: max(d + m, -d) = max(0.01, 0.01) = 0.01; MDE = 2.801585 * SE = 0.0595466;
        // rows = ceil(200 * (0.0595466 / 0.01)^2) = ceil(7091.6) = 7092. K = 1: repeats cannot be estimated.
        GateResult result = gate(GateRules.defaults(), 200, passing(200, new int[] {1, 150}, new int[] {161, 168}),
                passing(200, new int[] {1, 160}));

        assertThat(result.decision()).isEqualTo(Decision.INCONCLUSIVE);
        assertThat(result.blocking()).as("INCONCLUSIVE blocks by default").isTrue();
        RuleCheck check = regression(result, Measure.PASS_RATE);
        assertThat(check.message()).isEqualTo("order-summary: pass rate is 0.79 [0.75, 0.83], baseline is 0.80 and"
                + " the allowed regression is 0.02: inconclusive; about 7092 rows (now 200) would likely settle it");
        assertThat(check.rowsNeeded()).isEqualTo(7092L);
        assertThat(check.repeatsNeeded()).isNull();
        assertThat(result.violations()).contains(check);
    }

    @Test
    void inconclusiveUnderTheWarnPolicyLetsTheBuildPass() {
        GateRules rules = GateRules.builder().inconclusive(InconclusivePolicy.WARN).build();
        GateResult result = gate(rules, 200, passing(200, new int[] {1, 150}, new int[] {161, 168}),
                passing(200, new int[] {1, 160}));

        assertThat(result.decision()).isEqualTo(Decision.INCONCLUSIVE);
        assertThat(result.blocking()).isFalse();
        assertThat(result.violations()).isEmpty();
        assertThat(result.warnings()).extracting(RuleCheck::outcome).containsOnly(Outcome.INCONCLUSIVE).hasSize(2);
    }

    @Test
    void inconclusiveWithRepeatsAlsoSuggestsMoreRepeats() {
        // Six rows, two pass/fail samples each. Row values (candidate vs baseline): 1/1, .5/1, 1/.5, .5/1, 0/.5, 1/1.
        // d = 0 -.5 .5 -.5 -.5 0: mean -1/6, sd^2 = 1/6, SE = 1/6, t(.975, 5) = 2.570582, [L, U] = [-0.595097,
        // 0.261764]. Shown: 5/6 + [L, U] = [0.238236, 1.095097]. Distance max(-1/6 + 0.02, 1/6) = 1/6;
        // MDE = 2.801585 / 6 = 0.466931, rows = ceil(6 * (0.466931 / (1/6))^2) = ceil(47.09) = 48.
        // Per-sample variance of {1, 0} is 0.5: noise = 4 * 0.5 / 6 = 1/3, all of SE^2 = (1/3) / (6 * 2) = 1/36;
        // allowed SE'^2 = (1/6 / 2.801585)^2 = 0.00353913, repeats = ceil((1/3) / (6 * 0.00353913)) = ceil(15.70) = 16.
        List<Row> rows = rows(6);
        RunResult cand = run("s", List.of(scored(rows.get(0), 1, 1), scored(rows.get(1), 1, 0),
                scored(rows.get(2), 1, 1), scored(rows.get(3), 0, 1), scored(rows.get(4), 0, 0),
                scored(rows.get(5), 1, 1)));
        RunResult base = run("s", List.<RowResult>of(scored(rows.get(0), 1, 1), scored(rows.get(1), 1, 1),
                scored(rows.get(2), 1, 0), scored(rows.get(3), 1, 1), scored(rows.get(4), 1, 0),
                scored(rows.get(5), 1, 1)));

        GateResult result = new Gate(GateRules.defaults()).evaluate(cand, base);

        RuleCheck check = regression(result, Measure.PASS_RATE);
        assertThat(check.message()).isEqualTo("s: pass rate is 0.67 [0.24, 1.10], baseline is 0.83 and the allowed"
                + " regression is 0.02: inconclusive; about 48 rows (now 6) or repeat 16 (now 2) would likely settle it");
        assertThat(check.repeatsNeeded()).isEqualTo(16L);
    }

    @Test
    void clusteredRowsWidenTheIntervalSoOneBadClusterIsNotProof() {
        // 40 rows in clusters c1..c4 of 10; all of c1 regresses (d = -1), the rest is unchanged: mean(d) = -0.25.
        // Naive: sd^2 = (10 * 0.75^2 + 30 * 0.25^2) / 39 = 0.192308, SE = 0.0693375, t(.975, 39) = 2.022691,
        // [L, U] = [-0.390, -0.110]: FAIL at m = 0.1.
        // Clustered: residual sums -7.5, 2.5, 2.5, 2.5, squares 75; SE^2 = 4/3 * 75 / 1600 = 0.0625, SE = 0.25,
        // t(.975, 3) = 3.182446: [L, U] = [-1.046, 0.546]: INCONCLUSIVE.
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
        assertThat(comparison.interval().lower()).isCloseTo(-0.25 - 3.182446 * 0.25, within(1e-5));
    }

    @Test
    void tooFewRowsForAnIntervalIsInconclusive() {
        List<Row> rows = rows(1);
        GateResult result = new Gate(GateRules.defaults()).evaluate(run("s", binary(rows, new boolean[] {true})),
                run("s", binary(rows, new boolean[] {true})));

        assertThat(result.decision()).isEqualTo(Decision.INCONCLUSIVE);
        assertThat(regression(result, Measure.PASS_RATE).message()).isEqualTo("s: pass rate is 1.00, baseline is"
                + " 1.00 and the allowed regression is 0.02: inconclusive; too few rows (1) for an interval");
    }

    @Test
    void bootstrapIntervalCanDecideInstead() {
        GateRules rules = GateRules.builder().interval(IntervalMethod.BOOTSTRAP).bootstrap(2000, 3L).build();
        GateResult result = gate(rules, 200, passing(200, new int[] {1, 162}), passing(200, new int[] {1, 180}));

        assertThat(result.decision()).isEqualTo(Decision.FAIL);
        assertThat(regression(result, Measure.PASS_RATE).interval().method()).isEqualTo(IntervalMethod.BOOTSTRAP);
    }
}
