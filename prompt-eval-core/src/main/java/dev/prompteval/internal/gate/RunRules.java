package dev.prompteval.internal.gate;

import dev.prompteval.gate.Outcome;
import dev.prompteval.internal.run.RowResult;
import dev.prompteval.internal.run.RunResult;
import dev.prompteval.internal.run.SampleResult;
import dev.prompteval.internal.stats.SuiteComparison;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The hard rules, which fail the gate whatever the statistics say: rows on one side only, an errored row (in either
 * run: an errored baseline row leaves the comparison without that row), and a failing {@code critical} row in the
 * candidate. Rows the provider left without an answer (rate limits past the retry budget, outages, quota, the key)
 * and runs that stopped early are not failures of the prompt: they are NOT_EVALUATED, counted by cause, with how to
 * resume.
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
        notEvaluated(candidate, baseline).ifPresent(checks::add);
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
        // An empty dataset is the suite's mistake; a run that stopped early (budget, interruption) has no verdict.
        boolean empty = candidate.rows().isEmpty() || baseline != null && baseline.rows().isEmpty();
        return RuleCheck.of(RuleId.COMPLETE_RUN, empty ? Outcome.FAIL : Outcome.NOT_EVALUATED, null, suite + ": "
                + String.join("; ", problems) + (empty ? "" : ": not evaluated, which says nothing about the prompt")
                + "; run the suite again to complete it" + (empty ? "" : " (the run journal keeps every completed "
                + "result, so only the rest is called)"));
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
            boolean unanswered = candidate.rows().stream().anyMatch(RowResult::notEvaluated)
                    || baseline != null && baseline.rows().stream().anyMatch(RowResult::notEvaluated);
            checks.add(RuleCheck.of(RuleId.NO_ERRORS, Outcome.PASS, null, candidate.suite()
                    + (unanswered ? ": no evaluated row errored" : ": no row errored")));
        }
        return checks;
    }

    /** A row errored for a reason of the prompt's or the dataset's: some error of it is not the provider's. */
    private static boolean promptErrored(RowResult row) {
        return row.samples().stream().anyMatch(s -> s.errored() && !s.notEvaluated());
    }

    /**
     * One check for the rows the provider left without an answer, in both runs: counts by cause, the first rows
     * and the first error, and how to resume. Rows that also errored for the prompt's reasons are
     * {@code no-errors} failures instead.
     */
    private static Optional<RuleCheck> notEvaluated(RunResult candidate, RunResult baseline) {
        List<String> sides = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        SampleResult first = null;
        for (RunResult run : baseline == null ? List.of(candidate) : List.of(candidate, baseline)) {
            List<RowResult> rows = run.rows().stream().filter(r -> r.notEvaluated() && !promptErrored(r)).toList();
            if (rows.isEmpty()) continue;
            var causes = new TreeMap<String, Integer>();
            for (RowResult row : rows) {
                SampleResult sample = row.samples().stream().filter(SampleResult::notEvaluated).findFirst()
                        .orElseThrow();
                if (first == null) first = sample;
                causes.merge(sample.notEvaluatedCause(), 1, Integer::sum);
                if (!ids.contains(row.id())) ids.add(row.id());
            }
            sides.add(count(rows.size(), "row") + " of the " + (run == candidate ? "candidate" : "baseline") + " ("
                    + String.join(", ", causes.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .toList()) + ")");
        }
        if (first == null) return Optional.empty();
        return Optional.of(RuleCheck.of(RuleId.EVALUATED, Outcome.NOT_EVALUATED, null, candidate.suite()
                + ": not evaluated: " + String.join(" and ", sides) + ", " + ids(ids) + ": the provider gave no "
                + "answer, which says nothing about the prompt (first: " + first.error() + "). Run the build again "
                + "to resume: the run journal keeps every completed result and only these rows are called again"));
    }

    private static List<RuleCheck> erroredRows(RunResult run, String side) {
        return run.rows().stream().filter(RunRules::promptErrored).map(row -> {
            List<SampleResult> errored = row.samples().stream().filter(s -> s.errored() && !s.notEvaluated())
                    .toList();
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
            // Samples without an answer are no verdict on the row: the evaluated ones decide.
            List<SampleResult> evaluated = row.samples().stream().filter(s -> !s.notEvaluated()).toList();
            if (evaluated.isEmpty()) continue;
            List<SampleResult> failed = evaluated.stream()
                    .filter(s -> s.score() == null || !s.score().pass()).toList();
            int k = evaluated.size();
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
