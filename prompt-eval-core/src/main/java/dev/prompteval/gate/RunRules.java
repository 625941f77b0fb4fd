package dev.prompteval.gate;

import dev.prompteval.run.RowResult;
import dev.prompteval.run.RunResult;
import dev.prompteval.run.SampleResult;
import dev.prompteval.stats.SuiteComparison;

import java.util.ArrayList;
import java.util.List;

/**
 * The hard rules, which fail the gate whatever the statistics say: an incomplete run, rows on one side only, an
 * errored row (in either run: an errored baseline row leaves the comparison without that row), and a failing
 * {@code critical} row in the candidate.
 *
 * <p>A critical row fails when fewer than {@code criticalPassRate} (default 0.75) of its K samples pass: with K = 1
 * its one sample must pass; with K = 4, three; with K = 5, four. "Every sample must pass" would fail a build with
 * five critical rows at 98% per-sample reliability and K = 5 four times in ten although nothing changed; this rule
 * fails it about twice in a hundred, while a row that passes only half the time still fails (with K = 5, in 81% of
 * builds).
 */
final class RunRules {
    private static final int LISTED_IDS = 5;

    private RunRules() {
    }

    static List<RuleCheck> check(GateRules rules, RunResult candidate, RunResult baseline,
                                 SuiteComparison comparison) {
        List<RuleCheck> checks = new ArrayList<>();
        checks.add(completeness(candidate, baseline));
        if (comparison != null) checks.add(pairing(comparison));
        checks.addAll(errors(candidate, baseline));
        checks.addAll(criticalRows(candidate, rules.criticalPassRate()));
        return checks;
    }

    private static RuleCheck completeness(RunResult candidate, RunResult baseline) {
        List<String> problems = new ArrayList<>();
        problems.addAll(incompleteness(candidate, "candidate"));
        if (baseline != null) problems.addAll(incompleteness(baseline, "baseline"));
        String suite = candidate.suite();
        if (problems.isEmpty()) {
            return RuleCheck.of(RuleId.COMPLETE_RUN, Outcome.PASS, null,
                    suite + ": every row ran" + (baseline == null ? "" : " in both runs"));
        }
        return RuleCheck.of(RuleId.COMPLETE_RUN, Outcome.FAIL, null, suite + ": " + String.join("; ", problems)
                + "; run the suite again to complete it");
    }

    private static List<String> incompleteness(RunResult run, String side) {
        List<String> problems = new ArrayList<>();
        if (run.rows().isEmpty()) problems.add("the " + side + " run has no rows (an empty dataset?)");
        if (!run.complete()) problems.add("the " + side + " run is incomplete (it stopped before every row ran)");
        List<String> empty = run.rows().stream().filter(r -> r.samples().isEmpty()).map(RowResult::id).toList();
        if (!empty.isEmpty()) problems.add(count(empty.size(), "row") + " of the " + side + " ran no sample ("
                + ids(empty) + ")");
        return problems;
    }

    private static RuleCheck pairing(SuiteComparison comparison) {
        String suite = comparison.suite();
        if (comparison.complete()) {
            return RuleCheck.of(RuleId.PAIRED_ROWS, Outcome.PASS, null, suite + ": every row is in both runs");
        }
        List<String> parts = new ArrayList<>();
        if (!comparison.candidateOnly().isEmpty()) {
            parts.add(count(comparison.candidateOnly().size(), "row") + " only in the candidate ("
                    + ids(comparison.candidateOnly()) + ")");
        }
        if (!comparison.baselineOnly().isEmpty()) {
            parts.add(count(comparison.baselineOnly().size(), "row") + " only in the baseline ("
                    + ids(comparison.baselineOnly()) + ")");
        }
        return RuleCheck.of(RuleId.PAIRED_ROWS, Outcome.FAIL, null, suite + ": " + String.join(" and ", parts)
                + "; the comparison is incomplete, run both versions on the same dataset");
    }

    private static List<RuleCheck> errors(RunResult candidate, RunResult baseline) {
        List<RuleCheck> checks = new ArrayList<>(erroredRows(candidate, "candidate"));
        if (baseline != null) checks.addAll(erroredRows(baseline, "baseline"));
        if (checks.isEmpty()) {
            checks.add(RuleCheck.of(RuleId.NO_ERRORS, Outcome.PASS, null, candidate.suite() + ": no row errored"));
        }
        return checks;
    }

    private static List<RuleCheck> erroredRows(RunResult run, String side) {
        return run.rows().stream().filter(RowResult::errored).map(row -> {
            List<SampleResult> errored = row.samples().stream().filter(SampleResult::errored).toList();
            return RuleCheck.of(RuleId.NO_ERRORS, Outcome.FAIL, row.id(), run.suite() + ": row "
                    + row.row().displayName() + " errored in the " + side + samples(errored.size(), row) + ": "
                    + errored.get(0).error());
        }).toList();
    }

    private static List<RuleCheck> criticalRows(RunResult candidate, double requiredShare) {
        List<RowResult> critical = candidate.rows().stream()
                .filter(r -> r.row().critical() && !r.samples().isEmpty()).toList();
        List<RuleCheck> checks = new ArrayList<>();
        for (RowResult row : critical) {
            List<SampleResult> failed = row.samples().stream()
                    .filter(s -> s.score() == null || !s.score().pass()).toList();
            int k = row.samples().size();
            int mustPass = (int) Math.ceil(requiredShare * k - 1e-9);
            if (k - failed.size() >= mustPass) continue;
            SampleResult first = failed.get(0);
            String reason = first.score() == null ? first.error() : first.score().reason();
            checks.add(new RuleCheck(RuleId.CRITICAL_ROWS, Outcome.FAIL, null, row.id(), row.passRate(), null, null,
                    requiredShare, null, null, null, candidate.suite() + ": critical row " + row.row().displayName() + " failed"
                    + samples(failed.size(), row) + (k > 1 ? " (at least " + mustPass + " must pass)" : "") + ": "
                    + reason));
        }
        if (checks.isEmpty() && !critical.isEmpty()) {
            checks.add(RuleCheck.of(RuleId.CRITICAL_ROWS, Outcome.PASS, null, candidate.suite() + ": "
                    + (critical.size() == 1 ? "the critical row passed" : "all " + critical.size()
                    + " critical rows passed") + (critical.stream().anyMatch(r -> r.samples().size() > 1)
                    ? " (at least " + Math.round(requiredShare * 100) + "% of each row's samples)" : "")));
        }
        return checks;
    }

    /** " in 2 of 3 samples" when the row has several samples, else nothing. */
    private static String samples(int affected, RowResult row) {
        int k = row.samples().size();
        return k > 1 ? " in " + affected + " of " + k + " samples" : "";
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String ids(List<String> ids) {
        String listed = String.join(", ", ids.stream().limit(LISTED_IDS).map(id -> "[" + id + "]").toList());
        return ids.size() > LISTED_IDS ? listed + " and " + (ids.size() - LISTED_IDS) + " more" : listed;
    }
}
