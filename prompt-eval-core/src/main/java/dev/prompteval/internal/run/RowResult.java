package dev.prompteval.internal.run;

import dev.prompteval.dataset.Row;

import java.util.List;

/**
 * All samples of one row for one prompt version. The row's value for comparison is the mean over its samples.
 */
public record RowResult(Row row, List<SampleResult> samples) {
    public RowResult {
        samples = List.copyOf(samples);
    }

    public String id() {
        return row.id();
    }

    /** True when any sample errored; an errored row fails the gate. */
    public boolean errored() {
        return samples.stream().anyMatch(SampleResult::errored);
    }

    /** Mean row score over the samples that produced one; NaN when none did. */
    public double meanScore() {
        return samples.stream().filter(s -> s.score() != null)
                .mapToDouble(s -> s.score().score()).average().orElse(Double.NaN);
    }

    /**
     * Fraction of the evaluated samples that passed, errored samples counting as failed; samples that were not
     * evaluated ({@link SampleResult#notEvaluated()}) are left out. NaN when no sample was evaluated.
     */
    public double passRate() {
        long evaluated = samples.stream().filter(s -> !s.notEvaluated()).count();
        if (evaluated == 0) return Double.NaN;
        return samples.stream().filter(s -> s.score() != null && s.score().pass()).count() / (double) evaluated;
    }

    /** True when some sample got no answer for reasons outside the prompt. */
    public boolean notEvaluated() {
        return samples.stream().anyMatch(SampleResult::notEvaluated);
    }

    /** Mean of a named score over the samples that recorded it; NaN when none did. */
    public double meanNamedScore(String name) {
        return samples.stream().filter(s -> s.score() != null && s.score().namedScores().containsKey(name))
                .mapToDouble(s -> s.score().namedScores().get(name)).average().orElse(Double.NaN);
    }
}
