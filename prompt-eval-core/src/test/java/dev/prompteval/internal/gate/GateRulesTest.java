package dev.prompteval.internal.gate;

import dev.prompteval.dataset.Row;
import dev.prompteval.gate.Decision;
import dev.prompteval.gate.GatePolicy;
import dev.prompteval.internal.run.RunResult;
import dev.prompteval.internal.stats.Measure;
import dev.prompteval.internal.stats.MetricKey;
import dev.prompteval.internal.stats.Slice;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.prompteval.internal.stats.TestRuns.binary;
import static dev.prompteval.internal.stats.TestRuns.firstPass;
import static dev.prompteval.internal.stats.TestRuns.row;
import static dev.prompteval.internal.stats.TestRuns.rows;
import static dev.prompteval.internal.stats.TestRuns.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Absolute limits, per-metric and per-tag limits, the no-baseline case, and rule validation. */
class GateRulesTest {

    /** Ten rows, rows 1-5 pass: 0.5 with Wilson's interval [0.2366, 0.7634] (statsmodels 0.13.5, proportion_confint). */
    private static RunResult halfPassing() {
        return run("s", binary(rows(10), firstPass(10, 5)));
    }

    @Test
    void withoutABaselineOnlyAbsoluteLimitsApplyAndTheResultSaysSo() {
        GateRules rules = GateRules.builder().minPassRate(0.85).minScore(0.40).build();

        GateResult result = new Gate(rules).evaluate(halfPassing(), null);

        assertThat(result.hasBaseline()).isFalse();
        assertThat(result.comparison()).isNull();
        assertThat(result.decision()).isEqualTo(Decision.FAIL);
        assertThat(result.violations()).extracting(RuleCheck::message)
                .containsExactly("s: pass rate is 0.50 [0.24, 0.76], below the minimum 0.85");
        assertThat(result.checks()).extracting(RuleCheck::message)
                .contains("s: score is 0.50 [0.24, 0.76], at or above the minimum 0.40");
        assertThat(result.checks()).noneMatch(c -> c.rule() == RuleId.MAX_REGRESSION);
        assertThat(result.notes()).containsExactly("s: no baseline, so no regression check; only the absolute limits"
                + " (minPassRate, minScore), errors, critical rows and completeness were checked");
    }

    @Test
    void withoutABaselineOrLimitsTheResultSaysHowLittleWasChecked() {
        GateResult result = new Gate(GateRules.defaults()).evaluate(halfPassing(), null);

        assertThat(result.decision()).isEqualTo(Decision.PASS);
        assertThat(result.notes()).containsExactly("s: no baseline, so no regression check; no absolute limits"
                + " (minPassRate, minScore) are configured either, so only errors, critical rows and completeness"
                + " were checked");
    }

    @Test
    void metricAndTagLimitsApplyToTheirRowsOnly() {
        // Rows 1-4 have metric "accuracy" (3 pass), rows 5-8 tag "billing" (1 passes).
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i <= 4; i++) rows.add(row("a" + i, "accuracy", null));
        for (int i = 1; i <= 4; i++) rows.add(row("b" + i, null, null, "billing"));
        boolean[] passes = {true, true, true, false, true, false, false, false};
        GateRules rules = GateRules.builder()
                .metric("accuracy", new Limits(0.70, null, null))
                .tag("billing", new Limits(0.70, null, null))
                .build();

        GateResult result = new Gate(rules).evaluate(run("s", binary(rows, passes)), null);

        // Wilson (statsmodels 0.13.5 proportion_confint(method='wilson')): accuracy 3/4 -> [0.3006, 0.9544]; the
        // t-interval [-0.05, 1.55] reached values a pass rate cannot take. billing 1/4 -> [0.0456, 0.6994] (three
        // decimals, so that 0.699 does not read as the minimum 0.70).
        assertThat(result.checks()).extracting(RuleCheck::message)
                .contains("s: pass rate for metric accuracy is 0.75 [0.30, 0.95], at or above the minimum 0.70");
        assertThat(result.violations()).extracting(RuleCheck::message)
                .containsExactly("s: pass rate for tag billing is 0.250 [0.046, 0.699], below the minimum 0.700");
        assertThat(result.violations().get(0).metric())
                .isEqualTo(new MetricKey(Measure.PASS_RATE, Slice.tag("billing")));
    }

    @Test
    void aLimitForAnUnknownMetricOrTagFailsInsteadOfPassingSilently() {
        GateRules rules = GateRules.builder().tag("biling", new Limits(0.9, null, null)).build();

        GateResult result = new Gate(rules).evaluate(halfPassing(), null);

        assertThat(result.decision()).isEqualTo(Decision.FAIL);
        assertThat(result.violations()).extracting(RuleCheck::message).containsExactly(
                "s: limits are configured for tag biling, but no row has that tag; fix the name or remove the limits");
    }

    @Test
    void aSlicesRegressionIsGatedOnlyWhenItHasItsOwnMargin() {
        // 40 rows: 20 "billing" rows all regress from pass to fail, 20 others are unchanged passes. Overall
        // 20 regressed of 40: Tango [L, U] = [-0.648005, -0.351995] (scipy, as in PairedProportionsTest), within a
        // margin of 0.7 (a tolerated drop), so only the slice's own margin can fail the gate.
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i <= 20; i++) rows.add(row("b" + i, null, null, "billing"));
        for (int i = 1; i <= 20; i++) rows.add(row("o" + i));
        boolean[] base = firstPass(40, 40);
        boolean[] cand = new boolean[40];
        for (int i = 20; i < 40; i++) cand[i] = true;
        RunResult candidate = run("s", binary(rows, cand));
        RunResult baseline = run("s", binary(rows, base));
        MetricKey billing = new MetricKey(Measure.PASS_RATE, Slice.tag("billing"));

        GateResult ungated = new Gate(GateRules.builder().maxRegression(0.7).build()).evaluate(candidate, baseline);
        assertThat(ungated.decision()).isEqualTo(Decision.PASS);
        assertThat(ungated.checks()).noneMatch(c -> billing.equals(c.metric()));
        assertThat(ungated.comparison().find(billing)).as("still compared and reported").isPresent();

        GateResult gated = new Gate(GateRules.builder().maxRegression(0.7).tag("billing", new Limits(null, null, 0.1))
                .build()).evaluate(candidate, baseline);
        // billing: 20 of 20 regressed: Tango [-1, -0.677750]; shown on the baseline's scale [0.00, 0.32]. The overall
        // and the billing comparisons form a family of two for Holm; both p-values are far below 0.025: FAIL.
        assertThat(gated.decision()).isEqualTo(Decision.FAIL);
        assertThat(gated.violations()).extracting(RuleCheck::message).containsExactly(
                "s: score for tag billing is 0.00 [0.00, 0.32], but baseline is 1.00 and the allowed regression is 0.10"
                        + " (McNemar mid-p p = <0.0001, <0.0001 after Holm's adjustment for 2 regression checks in the"
                        + " build)",
                "s: pass rate for tag billing is 0.00 [0.00, 0.32], but baseline is 1.00 and the allowed regression is"
                        + " 0.10 (McNemar mid-p p = <0.0001, <0.0001 after Holm's adjustment for 2 regression checks in"
                        + " the build)");
    }

    @Test
    void invalidRulesAreRejectedWithTheNameOfTheSetting() {
        assertThatThrownBy(() -> GateRules.builder().confidenceLevel(95).build())
                .hasMessage("gate rule confidenceLevel must be between 0 and 1 (exclusive), e.g. 0.95; was 95.0");
        assertThatThrownBy(() -> GateRules.builder().maxRegression(-0.02).build())
                .hasMessage("gate rule maxRegression must be at least 0 and below 1 (e.g. 0.02 for two points); was"
                        + " -0.02");
        assertThatThrownBy(() -> GateRules.builder().minPassRate(85.0).build())
                .hasMessage("gate rule minPassRate must be between 0 and 1 (e.g. 0.85 for 85%); was 85.0");
        assertThatThrownBy(() -> new Limits(null, 1.5, null))
                .hasMessage("gate rule minScore must be between 0 and 1 (e.g. 0.85 for 85%); was 1.5");
        assertThatThrownBy(() -> GateRules.builder().bootstrap(10, 1).build())
                .hasMessageContaining("bootstrap resamples must be at least 100");
    }

    @Test
    void defaultsAreThoseOfTheDesign() {
        GateRules rules = GateRules.defaults();
        assertThat(rules.confidenceLevel()).isEqualTo(0.95);
        assertThat(rules.maxRegression()).isEqualTo(0.02);
        assertThat(rules.policy()).isEqualTo(GatePolicy.BLOCK_SHOWN_REGRESSIONS);
        assertThat(rules.bootstrapResamples()).isEqualTo(2000);
    }
}
