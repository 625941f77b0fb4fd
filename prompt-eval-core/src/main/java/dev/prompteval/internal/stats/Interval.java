package dev.prompteval.internal.stats;

import dev.prompteval.stats.IntervalMethod;

/**
 * A two-sided confidence interval. Bounds are NaN when there are too few rows (or clusters) to estimate one.
 *
 * @param lower  lower bound L
 * @param upper  upper bound U
 * @param level  confidence level in (0, 1), e.g. 0.95
 * @param method how the bounds were computed
 */
public record Interval(double lower, double upper, double level, IntervalMethod method) {

    /** True when both bounds are finite numbers. */
    public boolean defined() {
        return Double.isFinite(lower) && Double.isFinite(upper);
    }

    /** Half the width, {@code (U - L) / 2}. */
    public double halfWidth() {
        return (upper - lower) / 2;
    }

    /** This interval moved by {@code offset}, e.g. a difference's interval read on the baseline's scale. */
    public Interval shift(double offset) {
        return new Interval(lower + offset, upper + offset, level, method);
    }
}
