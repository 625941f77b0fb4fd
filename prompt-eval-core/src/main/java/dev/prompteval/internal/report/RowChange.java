package dev.prompteval.internal.report;

import dev.prompteval.dataset.Row;
import dev.prompteval.internal.gate.GateResult;
import dev.prompteval.internal.run.RowResult;
import dev.prompteval.internal.run.SampleResult;
import dev.prompteval.internal.score.RowScore;
import dev.prompteval.score.AssertionResult;
import dev.prompteval.score.Score;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One row as the reports show it: the candidate's and the baseline's results and what changed between them. A row
 * regressed when its pass rate dropped, or, at an equal pass rate, its score did; improved likewise. What the
 * listings ask of a row (its status, filter tags, how much it dropped) is worked out once, when it is paired.
 */
final class RowChange {
    private static final double TOLERANCE = 1e-9;

    private final Row row;
    private final RowResult candidate;
    private final RowResult baseline;
    private final boolean ran;
    private final boolean errored;
    private final boolean failing;
    private final int direction;
    private final double drop;

    /**
     * @param row       the dataset row (the candidate's, or the baseline's for a row only the baseline ran)
     * @param candidate the candidate's result, or null when only the baseline ran the row
     * @param baseline  the baseline's result, or null without a baseline or for a row only the candidate ran
     */
    RowChange(Row row, RowResult candidate, RowResult baseline) {
        this.row = row;
        this.candidate = candidate;
        this.baseline = baseline;
        this.ran = candidate != null && !candidate.samples().isEmpty();
        this.errored = candidate != null && candidate.errored();
        double candidatePassRate = ran ? candidate.passRate() : Double.NaN;
        this.failing = ran && candidatePassRate < 1;
        // -1 when the candidate is worse on this row, 1 when better, 0 when equal or not comparable.
        int direction = 0;
        double drop = 0;
        if (ran && baseline != null && !baseline.samples().isEmpty()) {
            double baselinePassRate = baseline.passRate();
            double candidateScore = candidate.meanScore();
            double baselineScore = baseline.meanScore();
            double passRate = candidatePassRate - baselinePassRate;
            double score = candidateScore - baselineScore;
            if (Math.abs(passRate) > TOLERANCE) {
                direction = passRate < 0 ? -1 : 1;
            } else {
                direction = Double.isFinite(score) && Math.abs(score) > TOLERANCE ? (score < 0 ? -1 : 1) : 0;
            }
            // How much worse the row got: the pass-rate drop, plus the score drop to order equal pass-rate drops.
            if (direction < 0) {
                double scoreDrop = baselineScore - candidateScore;
                drop = baselinePassRate - candidatePassRate + (Double.isFinite(scoreDrop) ? scoreDrop / 1000 : 0);
            }
        }
        this.direction = direction;
        this.drop = drop;
    }

    Row row() {
        return row;
    }

    RowResult candidate() {
        return candidate;
    }

    RowResult baseline() {
        return baseline;
    }

    /** How a row is listed, in listing order: what needs attention first. */
    enum Status { ERRORED, REGRESSED, FAILED, NOT_RUN, IMPROVED, PASSED }

    /** A changed or failing assertion; the baseline score is null without a baseline or a matching assertion. */
    record AssertionChange(String assertion, Score baseline, Score candidate) {
    }

    /** The filter tags, in the order the filter buttons show them. */
    private static final List<String> FILTERS = List.of("regressed", "improved", "errored", "failing");

    /** The suite's rows, those that need attention first (the largest regressions first), else in dataset order. */
    static List<RowChange> of(GateResult gate) {
        return list(gate, row -> true, Integer.MAX_VALUE).first();
    }

    /**
     * The first {@code limit} rows that match {@code filter} in listing order ({@link #of}), and counts over all
     * rows. The rows are paired and counted one at a time, so only the listed ones are held, however many the
     * suite has.
     */
    static Listing list(GateResult gate, Predicate<RowChange> filter, int limit) {
        return list(gate, new Wanted(filter, limit));
    }

    /** As {@link #list(GateResult, Predicate, int)}. */
    static Listing list(GateResult gate, Wanted wanted) {
        return lists(gate, List.of(wanted)).get(0);
    }

    /** What a report lists of a suite's rows: the first {@code limit} that match {@code filter}, in listing order. */
    record Wanted(Predicate<RowChange> filter, int limit) {
    }

    /**
     * The listings several reports want of one suite, as {@link #list} makes each, from one pairing of its rows: the
     * comment's and the page's go through the rows together.
     */
    static List<Listing> lists(GateResult gate, List<Wanted> wanted) {
        List<Listing.Builder> builders = builders(wanted);
        if (!inStep(gate, builders)) {
            builders = builders(wanted);
            byId(gate, builders);
        }
        return builders.stream().map(Listing.Builder::build).toList();
    }

    private static List<Listing.Builder> builders(List<Wanted> wanted) {
        return wanted.stream().map(w -> new Listing.Builder(w.filter(), w.limit())).toList();
    }

    private static void add(List<Listing.Builder> builders, RowChange row) {
        for (Listing.Builder builder : builders) builder.add(row);
    }

    /**
     * The usual case in one pass over each run: without a baseline, or with one whose rows have the candidate's ids
     * in the same order, none twice. Pairing by id would pair them the same way. False when the runs differ.
     */
    private static boolean inStep(GateResult gate, List<Listing.Builder> builders) {
        if (gate.baseline() == null) {
            for (RowResult candidate : gate.candidate().rows()) {
                add(builders, new RowChange(candidate.row(), candidate, null));
            }
            return true;
        }
        List<RowResult> baselineRows = gate.baseline().rows();
        if (baselineRows.size() != gate.candidate().rows().size()) return false;
        Iterator<RowResult> baseline = baselineRows.iterator();
        Set<String> seen = new HashSet<>();
        for (RowResult candidate : gate.candidate().rows()) {
            RowResult paired = baseline.next();
            if (!candidate.id().equals(paired.id()) || !seen.add(candidate.id())) return false;
            add(builders, new RowChange(candidate.row(), candidate, paired));
        }
        return true;
    }

    /** Pairs the rows by id, whatever their order. */
    private static void byId(GateResult gate, List<Listing.Builder> builders) {
        List<RowResult> baseline = gate.baseline() == null ? List.of() : gate.baseline().rows();
        // The baseline's rows by id, as positions: a duplicate id pairs with its last row, as a map of rows would.
        Map<String, Integer> baselineAt = new LinkedHashMap<>();
        for (int i = 0; i < baseline.size(); i++) baselineAt.put(baseline.get(i).id(), i);
        for (RowResult candidate : gate.candidate().rows()) {
            Integer at = baselineAt.remove(candidate.id());
            add(builders, new RowChange(candidate.row(), candidate, at == null ? null : baseline.get(at)));
        }
        for (int at : baselineAt.values()) {
            RowResult only = baseline.get(at);
            add(builders, new RowChange(only.row(), null, only));
        }
    }

    /**
     * Rows as a report lists them.
     *
     * @param first     the first rows matching the filter, in listing order, at most the limit
     * @param matching  how many rows match the filter
     * @param total     how many rows the suite has, matching or not
     * @param tagCounts rows per filter tag (regressed, improved, errored, failing), over all rows
     */
    record Listing(List<RowChange> first, long matching, long total, Map<String, Long> tagCounts) {
        /** Keeps the first rows in listing order; equal rows stay in the order they were added. */
        private static final class Builder {
            private final Predicate<RowChange> filter;
            private final int limit;
            private final PriorityQueue<Numbered> kept;
            private final Map<String, Long> tagCounts = new LinkedHashMap<>();
            private long matching;
            private long total;

            Builder(Predicate<RowChange> filter, int limit) {
                this.filter = filter;
                this.limit = limit;
                // The head is the row listed last, the first to go when a row that comes before it arrives.
                this.kept = new PriorityQueue<>(Numbered.ORDER.reversed());
                FILTERS.forEach(tag -> tagCounts.put(tag, 0L));
            }

            void add(RowChange row) {
                total++;
                row.tags().forEach(tag -> tagCounts.merge(tag, 1L, Long::sum));
                if (!filter.test(row)) return;
                matching++;
                if (limit <= 0) return;
                kept.add(new Numbered(row, row.status(), row.drop(), matching));
                if (kept.size() > limit) kept.poll();
            }

            Listing build() {
                List<RowChange> first = kept.stream().sorted(Numbered.ORDER).map(Numbered::row).toList();
                return new Listing(first, matching, total, Collections.unmodifiableMap(tagCounts));
            }
        }

        /**
         * A row with its place in listing order worked out once: what needs attention first, the largest regressions
         * first, else the order the rows came in (dataset order).
         */
        private record Numbered(RowChange row, Status status, double drop, long number) {
            static final Comparator<Numbered> ORDER = Comparator.comparing(Numbered::status)
                    .thenComparing(Comparator.comparingDouble(Numbered::drop).reversed())
                    .thenComparingLong(Numbered::number);
        }
    }

    /** Counts per filter tag, for the filter buttons. */
    static Map<String, Long> tagCounts(List<RowChange> rows) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String tag : FILTERS) {
            counts.put(tag, rows.stream().filter(r -> r.tags().contains(tag)).count());
        }
        return counts;
    }

    String id() {
        return row.id();
    }

    boolean ran() {
        return ran;
    }

    boolean errored() {
        return errored;
    }

    /** The candidate ran the row and some sample did not pass. */
    boolean failing() {
        return failing;
    }

    boolean regressed() {
        return direction < 0;
    }

    boolean improved() {
        return direction > 0;
    }

    Status status() {
        if (!ran) return Status.NOT_RUN;
        if (errored) return Status.ERRORED;
        if (direction < 0) return Status.REGRESSED;
        if (direction > 0) return Status.IMPROVED;
        return failing ? Status.FAILED : Status.PASSED;
    }

    /** The filters this row shows under: any of regressed, improved, errored, failing. */
    List<String> tags() {
        List<String> tags = new ArrayList<>(2);
        if (direction < 0) tags.add("regressed");
        if (direction > 0) tags.add("improved");
        if (errored) tags.add("errored");
        if (failing) tags.add("failing");
        return tags;
    }

    /** How much worse the row got: the pass-rate drop, plus the score drop to order equal pass-rate drops. */
    private double drop() {
        return drop;
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
