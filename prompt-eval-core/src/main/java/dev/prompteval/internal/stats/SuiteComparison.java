package dev.prompteval.internal.stats;

import java.util.List;
import java.util.Optional;

/**
 * Candidate versus baseline for one suite.
 *
 * @param suite            the suite name
 * @param candidateSummary the candidate's own numbers over all its rows (as {@link SuiteComparator#summarize})
 * @param baselineSummary  the baseline's own numbers over all its rows
 * @param comparisons      one per metric over the paired rows: score and pass rate overall, then per
 *                         {@code __metric}, then per tag (slices without paired rows are absent)
 * @param candidateOnly    ids of rows only the candidate ran
 * @param baselineOnly     ids of rows only the baseline ran
 */
public record SuiteComparison(String suite, RunSummary candidateSummary, RunSummary baselineSummary,
                              List<PairedComparison> comparisons, List<String> candidateOnly,
                              List<String> baselineOnly) {
    public SuiteComparison {
        comparisons = List.copyOf(comparisons);
        candidateOnly = List.copyOf(candidateOnly);
        baselineOnly = List.copyOf(baselineOnly);
    }

    /** False when some row is on one side only: the comparison does not cover the whole dataset. */
    public boolean complete() {
        return candidateOnly.isEmpty() && baselineOnly.isEmpty();
    }

    public Optional<PairedComparison> find(MetricKey metric) {
        return comparisons.stream().filter(c -> c.metric().equals(metric)).findFirst();
    }
}
