package dev.prompteval.internal.stats;

import dev.prompteval.internal.run.RowResult;
import dev.prompteval.internal.run.SampleResult;

import java.util.List;
import java.util.function.ToDoubleFunction;

/** What is measured per row: its score or its pass rate, each the mean over the row's K samples. */
public enum Measure {
    /** The row score in [0, 1], averaged over the samples that produced one. */
    SCORE("score", "score", RowResult::meanScore,
            sample -> sample.score() == null ? Double.NaN : sample.score().score()),
    /**
     * The fraction of samples that passed; an errored sample counts as failed, one that was not evaluated (no answer
     * for reasons outside the prompt) is left out.
     */
    PASS_RATE("pass-rate", "pass rate", RowResult::passRate,
            sample -> sample.notEvaluated() ? Double.NaN : sample.score() != null && sample.score().pass() ? 1 : 0);

    private final String id;
    private final String label;
    private final ToDoubleFunction<RowResult> rowValue;
    private final ToDoubleFunction<SampleResult> sampleValue;

    Measure(String id, String label, ToDoubleFunction<RowResult> rowValue, ToDoubleFunction<SampleResult> sampleValue) {
        this.id = id;
        this.label = label;
        this.rowValue = rowValue;
        this.sampleValue = sampleValue;
    }

    /** A stable machine id: {@code score} or {@code pass-rate}. */
    public String id() {
        return id;
    }

    /** The human name: {@code score} or {@code pass rate}. */
    public String label() {
        return label;
    }

    /** The row's value: the mean over its samples; NaN when no sample has one. */
    public double value(RowResult row) {
        return rowValue.applyAsDouble(row);
    }

    /** Sample variance of the row's per-sample values (n - 1 denominator); NaN below two values. */
    double sampleVariance(RowResult row) {
        List<SampleResult> samples = row.samples();
        if (samples.size() < 2) return Double.NaN; // the common K = 1 case, kept cheap for large suites
        return Descriptive.variance(samples.stream().mapToDouble(sampleValue).filter(Double::isFinite).toArray());
    }
}
