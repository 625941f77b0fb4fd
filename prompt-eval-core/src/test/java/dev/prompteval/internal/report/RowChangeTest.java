package dev.prompteval.internal.report;

import dev.prompteval.dataset.Assertion;
import dev.prompteval.dataset.Row;
import dev.prompteval.internal.gate.Gate;
import dev.prompteval.internal.gate.GateResult;
import dev.prompteval.internal.gate.GateRules;
import dev.prompteval.internal.run.RowResult;
import dev.prompteval.internal.run.SampleResult;
import dev.prompteval.internal.score.RowScore;
import dev.prompteval.provider.Usage;
import dev.prompteval.score.AssertionResult;
import dev.prompteval.score.Score;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.prompteval.internal.report.ReportFixtures.baseline;
import static dev.prompteval.internal.report.ReportFixtures.candidate;
import static dev.prompteval.internal.report.ReportFixtures.errored;
import static dev.prompteval.internal.report.ReportFixtures.failing;
import static dev.prompteval.internal.report.ReportFixtures.passing;
import static dev.prompteval.internal.report.ReportFixtures.row;
import static dev.prompteval.internal.report.ReportFixtures.sample;
import static org.assertj.core.api.Assertions.assertThat;

class RowChangeTest {
    private static final Assertion JSON = new Assertion("is-json", false, null, "", 1.0, "__expected2");

    private static RowResult scored(Row row, double score, boolean pass) {
        return new RowResult(row, List.of(new SampleResult(row.id(), 0, "out", new RowScore(score, pass,
                "reason " + score, List.of(), Map.of()), null, Usage.UNKNOWN, 0, false)));
    }

    private static GateResult gate(List<RowResult> candidate, List<RowResult> baseline) {
        return new Gate(GateRules.defaults()).evaluate(candidate(candidate), baseline == null ? null
                : baseline(baseline));
    }

    @Test
    void rowsAreClassifiedAndListedThoseNeedingAttentionFirst() {
        Row improved = row("improved", null);
        Row passed = row("passed", null);
        Row failed = row("failed", null);
        Row smallDrop = row("small-drop", null);
        Row bigDrop = row("big-drop", null);
        Row erroredRow = row("errored", null);
        Row notRun = row("not-run", null);
        Row baselineOnly = row("baseline-only", null);
        GateResult result = gate(
                List.of(passing(improved, "refund"), passing(passed, "refund"), failing(failed, "no"),
                        scored(smallDrop, 0.8, true), failing(bigDrop, "no"), errored(erroredRow, "timeout"),
                        new RowResult(notRun, List.of())),
                List.of(failing(improved, "no"), passing(passed, "refund"), failing(failed, "no"),
                        scored(smallDrop, 0.9, true), passing(bigDrop, "refund"), passing(erroredRow, "refund"),
                        passing(notRun, "refund"), passing(baselineOnly, "refund")));

        List<RowChange> rows = RowChange.of(result);

        assertThat(rows).extracting(RowChange::id).containsExactly("errored", "big-drop", "small-drop", "failed",
                "not-run", "baseline-only", "improved", "passed");
        assertThat(rows).extracting(RowChange::status).containsExactly(RowChange.Status.ERRORED,
                RowChange.Status.REGRESSED, RowChange.Status.REGRESSED, RowChange.Status.FAILED,
                RowChange.Status.NOT_RUN, RowChange.Status.NOT_RUN, RowChange.Status.IMPROVED,
                RowChange.Status.PASSED);
        assertThat(rows.get(0).tags()).containsExactly("regressed", "errored", "failing");
        assertThat(rows.get(2).tags()).as("a lower score at the same pass rate").containsExactly("regressed");
        assertThat(rows.get(5).candidate()).isNull();
        assertThat(RowChange.tagCounts(rows)).containsExactly(Map.entry("regressed", 3L), Map.entry("improved", 1L),
                Map.entry("errored", 1L), Map.entry("failing", 3L));
    }

    @Test
    void aBoundedListingKeepsTheFirstRowsInListingOrderAndCountsEveryRow() {
        // 30 rows, most passing; regressions of different sizes spread through them, ties among equal drops.
        var candidate = new java.util.ArrayList<RowResult>();
        var baseline = new java.util.ArrayList<RowResult>();
        for (int i = 0; i < 30; i++) {
            Row row = row("r" + i, null);
            double drop = i % 4 == 1 ? 0.1 * (1 + i % 3) : 0;
            candidate.add(scored(row, 0.9 - drop, i % 7 != 3));
            baseline.add(scored(row, 0.9, true));
        }
        GateResult result = gate(candidate, baseline);
        List<RowChange> all = RowChange.of(result);

        RowChange.Listing listing = RowChange.list(result, RowChange::regressed, 4);

        List<RowChange> regressed = all.stream().filter(RowChange::regressed).toList();
        assertThat(regressed).hasSizeGreaterThan(4);
        assertThat(listing.first()).extracting(RowChange::id)
                .containsExactlyElementsOf(regressed.stream().limit(4).map(RowChange::id).toList());
        assertThat(listing.matching()).isEqualTo(regressed.size());
        assertThat(listing.total()).isEqualTo(30);
        assertThat(listing.tagCounts()).isEqualTo(RowChange.tagCounts(all));
        assertThat(RowChange.list(result, row -> true, 0).first()).isEmpty();

        // The same runs with the baseline's rows in another order are paired by id, to the same listing.
        var shuffled = new java.util.ArrayList<>(baseline);
        java.util.Collections.reverse(shuffled);
        RowChange.Listing byId = RowChange.list(gate(candidate, shuffled), RowChange::regressed, 4);
        assertThat(byId.first()).extracting(RowChange::id)
                .containsExactlyElementsOf(listing.first().stream().map(RowChange::id).toList());
        assertThat(byId.first()).extracting(RowChange::baseline)
                .containsExactlyElementsOf(listing.first().stream().map(RowChange::baseline).toList());
        assertThat(byId.tagCounts()).isEqualTo(listing.tagCounts());
    }

    @Test
    void theShownSamplesAreTheCandidatesFirstFailureAndTheBaselinesFirstPass() {
        Row row = row("r1", null);
        RowResult candidate = new RowResult(row, List.of(sample("r1", 0, "c0", true), sample("r1", 1, "c1", false),
                sample("r1", 2, "c2", false)));
        RowResult base = new RowResult(row, List.of(sample("r1", 0, "b0", false), sample("r1", 1, "b1", true),
                sample("r1", 2, "b2", true)));

        RowChange change = new RowChange(row, candidate, base);

        assertThat(change.candidateSample().output()).isEqualTo("c1");
        assertThat(change.baselineSample().output()).isEqualTo("b1");
        assertThat(change.status()).isEqualTo(RowChange.Status.REGRESSED);
    }

    @Test
    void assertionsThatChangedOrFailAreListedWithBothScores() {
        Row row = new Row("r1", 1, 2, Map.of(), List.of(ReportFixtures.REFUND, JSON), null, null, null, Map.of(),
                java.util.Set.of(), null);
        Score refundFailed = Score.fail("no refund");
        Score jsonFailed = Score.fail("not JSON");
        SampleResult candidate = new SampleResult("r1", 0, "x", new RowScore(0, false, "failed 2 of 2",
                List.of(new AssertionResult(ReportFixtures.REFUND, refundFailed), new AssertionResult(JSON, jsonFailed)),
                Map.of()), null, Usage.UNKNOWN, 0, false);
        Score refundPassed = Score.pass("refund");
        SampleResult base = new SampleResult("r1", 0, "y", new RowScore(0.5, false, "failed 1 of 2",
                List.of(new AssertionResult(ReportFixtures.REFUND, refundPassed), new AssertionResult(JSON, jsonFailed)),
                Map.of()), null, Usage.UNKNOWN, 0, false);

        RowChange change = new RowChange(row, new RowResult(row, List.of(candidate)),
                new RowResult(row, List.of(base)));

        assertThat(change.assertionChanges()).containsExactly(
                new RowChange.AssertionChange("contains:refund", refundPassed, refundFailed),
                new RowChange.AssertionChange("is-json", jsonFailed, jsonFailed));
    }

    @Test
    void aRowWithoutAssertionsShowsItsRowScoreWhenItChanged() {
        Row row = row("r1", null);
        RowChange change = new RowChange(row, scored(row, 0.4, false), scored(row, 0.9, true));

        assertThat(change.assertionChanges()).containsExactly(new RowChange.AssertionChange("row score",
                new Score(0.9, true, "reason 0.9"), new Score(0.4, false, "reason 0.4")));
        assertThat(new RowChange(row, scored(row, 0.9, true), scored(row, 0.9, true)).assertionChanges()).isEmpty();
    }

    @Test
    void withoutABaselineOnlyTheCandidatesFailuresAreListed() {
        Row row = row("r1", null);
        RowChange change = RowChange.of(gate(List.of(failing(row, "no")), null)).get(0);

        assertThat(change.status()).isEqualTo(RowChange.Status.FAILED);
        assertThat(change.assertionChanges()).containsExactly(new RowChange.AssertionChange("contains:refund", null,
                Score.fail("output does not contain \"refund\"")));
        assertThat(change.baselineSample()).isNull();
    }
}
