package dev.prompteval.internal.gate;

import dev.prompteval.dataset.Row;
import dev.prompteval.gate.Decision;
import dev.prompteval.internal.run.RowResult;
import dev.prompteval.internal.run.RunResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.prompteval.internal.stats.TestRuns.described;
import static dev.prompteval.internal.stats.TestRuns.errored;
import static dev.prompteval.internal.stats.TestRuns.row;
import static dev.prompteval.internal.stats.TestRuns.run;
import static dev.prompteval.internal.stats.TestRuns.sample;
import static dev.prompteval.internal.stats.TestRuns.scored;
import static org.assertj.core.api.Assertions.assertThat;

/** Hard failures fail the gate whatever the statistics say, each with its own line. */
class GateHardFailureTest {
    private final Gate gate = new Gate(GateRules.defaults());
    private final Row refund = described("r1", "Refund policy", "critical");
    private final Row r2 = row("r2");
    private final Row r3 = row("r3");

    private static List<String> violations(GateResult result) {
        return result.violations().stream().map(RuleCheck::message).toList();
    }

    @Test
    void aHealthyRunPassesEveryHardRule() {
        RunResult cand = run("s", List.of(scored(refund, 1), scored(r2, 1)));
        RunResult base = run("s", List.of(scored(refund, 1), scored(r2, 1)));

        GateResult result = gate.evaluate(cand, base);

        // Two rows cannot show a 2-point margin: INCONCLUSIVE, which does not block; every hard rule passes.
        assertThat(result.decision()).isEqualTo(Decision.INCONCLUSIVE);
        assertThat(result.blocking()).isFalse();
        assertThat(result.checks()).filteredOn(c -> c.rule() != RuleId.MAX_REGRESSION)
                .extracting(RuleCheck::message).containsExactly(
                        "s: every row ran in both runs",
                        "s: every row is in both runs",
                        "s: no row errored",
                        "s: the critical row passed");
    }

    @Test
    void aFailingCriticalRowFailsTheGate() {
        RowResult failed = new RowResult(refund, List.of(sample("r1", 0, 0.0, false, "missing 'refund'")));
        GateResult result = gate.evaluate(run("s", List.of(failed, scored(r2, 1))),
                run("s", List.of(scored(refund, 1), scored(r2, 1))));

        assertThat(result.decision()).isEqualTo(Decision.FAIL);
        assertThat(violations(result)).contains("s: critical row [r1] Refund policy failed: missing 'refund'");
        RuleCheck check = result.violations().get(0);
        assertThat(check.rule()).isEqualTo(RuleId.CRITICAL_ROWS);
        assertThat(check.rowId()).isEqualTo("r1");
        assertThat(check.measured()).isEqualTo(0.0);
        assertThat(check.limit()).as("the share of samples that must pass").isEqualTo(0.75);
    }

    @Test
    void aMultiLineReasonStaysOnOneLine() {
        RowResult failed = new RowResult(refund, List.of(sample("r1", 0, 0.0, false, "expected 'refund'\n  got: 'no'")));
        GateResult result = gate.evaluate(run("s", List.of(failed, scored(r2, 1))), null);

        assertThat(violations(result)).containsExactly(
                "s: critical row [r1] Refund policy failed: expected 'refund' got: 'no'");
    }

    @Test
    void anEmptyRunFailsTheGate() {
        GateResult result = new Gate(GateRules.builder().minPassRate(0.8).build()).evaluate(run("s", List.of()), null);

        assertThat(result.decision()).isEqualTo(Decision.FAIL);
        assertThat(violations(result)).containsExactly(
                "s: the candidate run has no rows (an empty dataset?); run the suite again to complete it",
                "s: pass rate cannot be checked against the minimum 0.80: no row has a value");
    }

    @Test
    void aCriticalRowMustPassInThreeQuartersOfItsSamples() {
        // K = 3: ceil(0.75 * 3) = 3 must pass, so one failure fails the row.
        RowResult twoOfThree = new RowResult(refund, List.of(sample("r1", 0, 1.0, true, "ok"),
                sample("r1", 1, 0.0, false, "missing 'refund'"), sample("r1", 2, 1.0, true, "ok")));
        GateResult result = gate.evaluate(run("s", List.of(twoOfThree, scored(r2, 1, 1, 1))), null);

        assertThat(result.decision()).isEqualTo(Decision.FAIL);
        assertThat(violations(result)).containsExactly(
                "s: critical row [r1] Refund policy failed in 1 of 3 samples (at least 3 must pass): missing 'refund'");
    }

    @Test
    void aCriticalRowToleratesOneFlakeInFiveSamples() {
        // K = 5: ceil(0.75 * 5) = 4 must pass. One failed sample is tolerated, two are not.
        RowResult oneFlake = new RowResult(refund, List.of(sample("r1", 0, 1.0, true, "ok"),
                sample("r1", 1, 0.0, false, "missing 'refund'"), sample("r1", 2, 1.0, true, "ok"),
                sample("r1", 3, 1.0, true, "ok"), sample("r1", 4, 1.0, true, "ok")));
        RowResult twoFlakes = new RowResult(refund, List.of(sample("r1", 0, 1.0, true, "ok"),
                sample("r1", 1, 0.0, false, "missing 'refund'"), sample("r1", 2, 0.0, false, "missing 'refund'"),
                sample("r1", 3, 1.0, true, "ok"), sample("r1", 4, 1.0, true, "ok")));

        assertThat(gate.evaluate(run("s", List.of(oneFlake, scored(r2, 1, 1, 1, 1, 1))), null).decision())
                .isEqualTo(Decision.PASS);
        assertThat(violations(gate.evaluate(run("s", List.of(twoFlakes, scored(r2, 1, 1, 1, 1, 1))), null)))
                .containsExactly("s: critical row [r1] Refund policy failed in 2 of 5 samples (at least 4 must pass):"
                        + " missing 'refund'");
    }

    @Test
    void criticalRowsWithRepeatsRarelyFailAnUnchangedBuild() {
        // The case: five critical rows at 98% per-sample reliability, K = 5. "Every sample passes" fails
        // 1 - 0.98^25 = 39.7% of such builds. Under the 75% rule a row fails with P(X >= 2), X ~ Binomial(5, 0.02)
        // = 1 - 0.98^5 - 5 * 0.02 * 0.98^4 = 0.0038416, a build with 1 - (1 - 0.0038416)^5 = 1.91% (exact
        // enumeration by hand). Seeded: 4,000 builds.
        var random = new java.util.SplittableRandom(2026L);
        int failed = 0;
        for (int build = 0; build < 4000; build++) {
            var rows = new java.util.ArrayList<RowResult>();
            for (int r = 0; r < 5; r++) {
                Row row = described("c" + r, "critical " + r, "critical");
                var samples = new java.util.ArrayList<dev.prompteval.internal.run.SampleResult>();
                for (int k = 0; k < 5; k++) {
                    boolean pass = random.nextDouble() < 0.98;
                    samples.add(sample(row.id(), k, pass ? 1 : 0, pass, pass ? "ok" : "flaky"));
                }
                rows.add(new RowResult(row, samples));
            }
            if (gate.evaluate(run("s", rows), null).blocking()) failed++;
        }
        assertThat(failed / 4000.0).isBetween(0.01, 0.03);
    }

    @Test
    void anErroredRowInEitherRunFailsTheGate() {
        RunResult cand = run("s", List.of(scored(refund, 1), errored(r2, "HTTP 500 from api.openai.com")));
        RunResult base = run("s", List.of(errored(refund, "timeout after 30 s"), scored(r2, 1)));

        GateResult result = gate.evaluate(cand, base);

        assertThat(result.decision()).isEqualTo(Decision.FAIL);
        assertThat(violations(result)).contains(
                "s: row [r2] errored in the candidate: HTTP 500 from api.openai.com",
                "s: row [r1] Refund policy errored in the baseline: timeout after 30 s");
    }

    @Test
    void anIncompleteRunIsNotEvaluatedAndBlocks() {
        GateResult result = gate.evaluate(run("s", List.of(scored(refund, 1), scored(r2, 1)), false),
                run("s", List.of(scored(refund, 1), scored(r2, 1))));

        assertThat(result.decision()).isEqualTo(Decision.NOT_EVALUATED);
        assertThat(result.blocking()).isTrue();
        assertThat(violations(result)).containsExactly("s: the candidate run is incomplete (it stopped before every"
                + " row ran): not evaluated, which says nothing about the prompt; run the suite again to complete it"
                + " (the run journal keeps every completed result, so only the rest is called)");
    }

    @Test
    void aRowWithoutSamplesMakesTheRunIncomplete() {
        GateResult result = gate.evaluate(run("s", List.of(scored(refund, 1), new RowResult(r2, List.of()))), null);

        assertThat(result.decision()).isEqualTo(Decision.NOT_EVALUATED);
        assertThat(violations(result)).containsExactly("s: 1 row of the candidate ran no sample ([r2]): not "
                + "evaluated, which says nothing about the prompt; run the suite again to complete it (the run "
                + "journal keeps every completed result, so only the rest is called)");
    }

    @Test
    void anEmptyRunStillFails() {
        GateResult result = gate.evaluate(run("s", List.of()), null);

        assertThat(result.decision()).isEqualTo(Decision.FAIL);
        assertThat(violations(result)).anySatisfy(v -> assertThat(v)
                .startsWith("s: the candidate run has no rows (an empty dataset?)"));
    }

    @Test
    void rowsOnOneSideOnlyFailTheGate() {
        Row r4 = row("r4");
        Row r5 = row("r5");
        RunResult cand = run("s", List.of(scored(refund, 1), scored(r2, 1), scored(r3, 1)));
        RunResult base = run("s", List.of(scored(refund, 1), scored(r2, 1), scored(r4, 1), scored(r5, 1)));

        GateResult result = gate.evaluate(cand, base);

        assertThat(result.decision()).isEqualTo(Decision.FAIL);
        assertThat(violations(result)).contains("s: 1 row only in the candidate ([r3]) and 2 rows only in the baseline"
                + " ([r4], [r5]); the comparison is incomplete, run both versions on the same dataset");
        assertThat(result.comparison().complete()).isFalse();
    }
}
