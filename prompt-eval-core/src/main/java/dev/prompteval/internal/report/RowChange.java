package dev.prompteval.internal.report;

import dev.prompteval.dataset.Row;
import dev.prompteval.internal.gate.GateResult;
import dev.prompteval.internal.run.RowResult;
import dev.prompteval.internal.run.SampleResult;
import dev.prompteval.internal.score.RowScore;
import dev.prompteval.score.AssertionResult;
import dev.prompteval.score.Score;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row as the reports show it: the candidate's and the baseline's results and what changed between them. A row
 * regressed when its pass rate dropped, or, at an equal pass rate, its score did; improved likewise.
 *
 * @param row       the dataset row (the candidate's, or the baseline's for a row only the baseline ran)
 * @param candidate the candidate's result, or null when only the baseline ran the row
 * @param baseline  the baseline's result, or null without a baseline or for a row only the candidate ran
 */
record RowChange(Row row, RowResult candidate, RowResult baseline) {
    private static final double TOLERANCE = 1e-9;

    /** How a row is listed, in listing order: what needs attention first. */
    enum Status { ERRORED, REGRESSED, FAILED, NOT_RUN, IMPROVED, PASSED }

    /** A changed or failing assertion; the baseline score is null without a baseline or a matching assertion. */
    record AssertionChange(String assertion, Score baseline, Score candidate) {
    }

    /** The suite's rows, those that need attention first (the largest regressions first), else in dataset order. */
    static List<RowChange> of(GateResult gate) {
        Map<String, RowResult> baselineRows = new LinkedHashMap<>();
        if (gate.baseline() != null) gate.baseline().rows().forEach(r -> baselineRows.put(r.id(), r));
        List<RowChange> changes = new ArrayList<>();
        for (RowResult candidate : gate.candidate().rows()) {
            changes.add(new RowChange(candidate.row(), candidate, baselineRows.remove(candidate.id())));
        }
        baselineRows.values().forEach(b -> changes.add(new RowChange(b.row(), null, b)));
        changes.sort(Comparator.comparing(RowChange::status)
                .thenComparing(Comparator.comparingDouble(RowChange::drop).reversed()));
        return changes;
    }

    /** Counts per filter tag, for the filter buttons. */
    static Map<String, Long> tagCounts(List<RowChange> rows) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String tag : List.of("regressed", "improved", "errored", "failing")) {
            counts.put(tag, rows.stream().filter(r -> r.tags().contains(tag)).count());
        }
        return counts;
    }

    String id() {
        return row.id();
    }

    boolean ran() {
        return candidate != null && !candidate.samples().isEmpty();
    }

    boolean errored() {
        return candidate != null && candidate.errored();
    }

    /** The candidate ran the row and some sample did not pass. */
    boolean failing() {
        return ran() && candidate.passRate() < 1;
    }

    boolean regressed() {
        return direction() < 0;
    }

    boolean improved() {
        return direction() > 0;
    }

    Status status() {
        if (!ran()) return Status.NOT_RUN;
        if (errored()) return Status.ERRORED;
        if (regressed()) return Status.REGRESSED;
        if (improved()) return Status.IMPROVED;
        return failing() ? Status.FAILED : Status.PASSED;
    }

    /** The filters this row shows under: any of regressed, improved, errored, failing. */
    List<String> tags() {
        List<String> tags = new ArrayList<>();
        if (regressed()) tags.add("regressed");
        if (improved()) tags.add("improved");
        if (errored()) tags.add("errored");
        if (failing()) tags.add("failing");
        return tags;
    }

    /** -1 when the candidate is worse on this row, 1 when better, 0 when equal or not comparable. */
    private int direction() {
        if (!ran() || baseline == null || baseline.samples().isEmpty()) return 0;
        double passRate = candidate.passRate() - baseline.passRate();
        if (Math.abs(passRate) > TOLERANCE) return passRate < 0 ? -1 : 1;
        double score = candidate.meanScore() - baseline.meanScore();
        return Double.isFinite(score) && Math.abs(score) > TOLERANCE ? (score < 0 ? -1 : 1) : 0;
    }

    /** How much worse the row got: the pass-rate drop, plus the score drop to order equal pass-rate drops. */
    private double drop() {
        if (!regressed()) return 0;
        double score = baseline.meanScore() - candidate.meanScore();
        return baseline.passRate() - candidate.passRate() + (Double.isFinite(score) ? score / 1000 : 0);
    }

    /** The candidate sample to show: the first that failed or errored, else the first; null if none ran. */
    SampleResult candidateSample() {
        return ran() ? representative(candidate, false) : null;
    }

    /** The baseline sample to show: the first that passed, else the first; null without one. */
    SampleResult baselineSample() {
        return baseline == null || baseline.samples().isEmpty() ? null : representative(baseline, true);
    }

    private static SampleResult representative(RowResult result, boolean passing) {
        return result.samples().stream().filter(s -> passed(s) == passing).findFirst()
                .orElse(result.samples().get(0));
    }

    private static boolean passed(SampleResult sample) {
        return sample.score() != null && sample.score().pass();
    }

    /**
     * The assertions a reader should look at, between the shown samples: those the candidate fails, and with a
     * baseline also those whose outcome or score differs. A row without assertions (scored as a whole, e.g. by a
     * test body) shows its row score when that differs.
     */
    List<AssertionChange> assertionChanges() {
        SampleResult shown = candidateSample();
        if (shown == null || shown.score() == null) return List.of();
        RowScore candidateScore = shown.score();
        SampleResult base = baselineSample();
        if (base == null || base.score() == null) {
            return candidateScore.assertions().stream().filter(a -> !a.score().pass())
                    .map(a -> new AssertionChange(a.assertion().display(), null, a.score())).toList();
        }
        RowScore baselineScore = base.score();
        List<AssertionChange> changes = new ArrayList<>();
        List<AssertionResult> unmatched = new ArrayList<>(baselineScore.assertions());
        for (AssertionResult result : candidateScore.assertions()) {
            AssertionResult other = unmatched.stream().filter(b -> b.assertion().equals(result.assertion()))
                    .findFirst().orElse(null);
            if (other != null) unmatched.remove(other);
            if (other == null || differ(other.score(), result.score()) || !result.score().pass()) {
                changes.add(new AssertionChange(result.assertion().display(),
                        other == null ? null : other.score(), result.score()));
            }
        }
        if (candidateScore.assertions().isEmpty() && baselineScore.assertions().isEmpty()) {
            Score before = new Score(baselineScore.score(), baselineScore.pass(), baselineScore.reason());
            Score after = new Score(candidateScore.score(), candidateScore.pass(), candidateScore.reason());
            if (differ(before, after)) changes.add(new AssertionChange("row score", before, after));
        }
        return changes;
    }

    private static boolean differ(Score a, Score b) {
        return a.pass() != b.pass() || Math.abs(a.score() - b.score()) > TOLERANCE;
    }
}
