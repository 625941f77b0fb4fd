package dev.prompteval.internal.stats;

import dev.prompteval.dataset.Row;
import dev.prompteval.internal.run.RowResult;
import dev.prompteval.internal.run.RunResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns run results into statistics: a {@link RunSummary} of one run, or a {@link SuiteComparison} of a candidate
 * against a baseline, rows paired by {@code __id}. A row's value is its mean over its K samples; slice membership and
 * clusters are taken from the candidate's rows.
 */
public final class SuiteComparator {
    private final ComparisonOptions options;
    private final PairedComparator paired;

    public SuiteComparator(ComparisonOptions options) {
        this.options = options;
        this.paired = new PairedComparator(options);
    }

    /** Every measure over every slice of one run, over the rows that have a value. */
    public RunSummary summarize(RunResult run) {
        return summarize(run.suite(), run.rows().stream().map(Scored::of).toList());
    }

    private RunSummary summarize(String suite, List<Scored> rows) {
        Map<MetricKey, MeanEstimate> metrics = new LinkedHashMap<>();
        for (Slice slice : slices(rows)) {
            for (Measure measure : Measure.values()) {
                List<Scored> members = rows.stream()
                        .filter(r -> r.in(slice) && Double.isFinite(r.value(measure))).toList();
                if (members.isEmpty()) continue;
                double[] values = members.stream().mapToDouble(r -> r.value(measure)).toArray();
                String[] clusters = members.stream().map(Scored::cluster).toArray(String[]::new);
                metrics.put(new MetricKey(measure, slice), MeanEstimator.estimateShare(values, clusters, options.level()));
            }
        }
        return new RunSummary(suite, metrics);
    }

    /** Compares the candidate with the baseline over the rows both ran; includes each run's own summary. */
    public SuiteComparison compare(RunResult candidate, RunResult baseline) {
        if (!candidate.suite().equals(baseline.suite())) {
            throw new IllegalArgumentException("cannot compare suite '" + candidate.suite() + "' with a baseline run of"
                    + " suite '" + baseline.suite() + "'; pass the baseline run of the same suite");
        }
        Map<String, Scored> candidateRows = byId(candidate, "candidate");
        Map<String, Scored> baselineRows = byId(baseline, "baseline");
        List<Paired> both = new ArrayList<>();
        List<String> candidateOnly = new ArrayList<>();
        candidateRows.forEach((id, row) -> {
            Scored other = baselineRows.get(id);
            if (other == null) candidateOnly.add(id);
            else both.add(new Paired(row, other));
        });
        List<String> baselineOnly = baselineRows.keySet().stream().filter(id -> !candidateRows.containsKey(id)).toList();

        List<PairedComparison> comparisons = new ArrayList<>();
        for (Slice slice : slices(both.stream().map(Paired::candidate).toList())) {
            for (Measure measure : Measure.values()) {
                List<RowPair> pairs = new ArrayList<>();
                List<String> unscored = new ArrayList<>();
                for (Paired p : both) {
                    if (!p.candidate().in(slice)) continue;
                    RowPair pair = pair(measure, p.candidate(), p.baseline());
                    if (Double.isFinite(pair.candidate()) && Double.isFinite(pair.baseline())) pairs.add(pair);
                    else unscored.add(pair.id());
                }
                if (!pairs.isEmpty()) {
                    comparisons.add(paired.compare(new MetricKey(measure, slice), pairs, unscored));
                }
            }
        }
        return new SuiteComparison(candidate.suite(), summarize(candidate.suite(), List.copyOf(candidateRows.values())),
                summarize(baseline.suite(), List.copyOf(baselineRows.values())), comparisons, candidateOnly,
                baselineOnly);
    }

    private static RowPair pair(Measure measure, Scored cand, Scored base) {
        return new RowPair(cand.id(), cand.cluster(), cand.value(measure), base.value(measure),
                Math.max(cand.samples(), base.samples()),
                cand.variance(measure), base.variance(measure));
    }

    private static Map<String, Scored> byId(RunResult run, String side) {
        Map<String, Scored> rows = new LinkedHashMap<>();
        for (RowResult row : run.rows()) {
            Scored previous = rows.putIfAbsent(row.id(), Scored.of(row));
            if (previous != null) {
                throw new IllegalArgumentException("suite '" + run.suite() + "': row id '" + row.id() + "' appears"
                        + " twice in the " + side + " run (data rows " + previous.rowNumber() + " and "
                        + row.row().rowNumber() + "); give every row a unique __id");
            }
        }
        return rows;
    }

    private record Paired(Scored candidate, Scored baseline) {
    }

    /** Slices in the order {@link Slice#of} gives them, from the rows' metrics and tags. */
    private static List<Slice> slices(List<Scored> rows) {
        return Slice.of(rows, Scored::metric, Scored::tags);
    }

    /**
     * What the statistics need of a row result, its value and per-sample variance for every measure each computed
     * once: a few fields instead of the row's variables, outputs and reasons, so a large suite's rows need not stay
     * in memory while it is compared.
     */
    private record Scored(String id, long rowNumber, String metric, Set<String> tags, String cluster, int samples,
                          double[] values, double[] variances) {
        static Scored of(RowResult result) {
            Measure[] measures = Measure.values();
            double[] values = new double[measures.length];
            double[] variances = new double[measures.length];
            for (Measure m : measures) {
                values[m.ordinal()] = m.value(result);
                variances[m.ordinal()] = m.sampleVariance(result);
            }
            Row row = result.row();
            return new Scored(row.id(), row.rowNumber(), row.metric(), row.tags().isEmpty() ? Set.of() : row.tags(),
                    row.cluster(), result.samples().size(), values, variances);
        }

        boolean in(Slice slice) {
            return slice.contains(metric, tags);
        }

        double value(Measure measure) {
            return values[measure.ordinal()];
        }

        double variance(Measure measure) {
            return variances[measure.ordinal()];
        }
    }
}
