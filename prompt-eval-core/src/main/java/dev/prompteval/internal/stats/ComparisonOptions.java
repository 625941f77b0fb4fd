package dev.prompteval.internal.stats;

import dev.prompteval.stats.IntervalMethod;

import java.util.Objects;

/**
 * How comparisons are computed.
 *
 * @param level             two-sided confidence level in (0, 1)
 * @param interval          interval used for the decision on a difference: t (default) or paired bootstrap
 * @param bootstrapResamples resamples B for the bootstrap, >= 100
 * @param bootstrapSeed     seed for the bootstrap, so that reruns give the same interval
 */
public record ComparisonOptions(double level, IntervalMethod interval, int bootstrapResamples, long bootstrapSeed) {
    /** 95%, t-interval; bootstrap (when chosen) with 2000 resamples and seed 1. */
    public static final ComparisonOptions DEFAULTS =
            new ComparisonOptions(0.95, IntervalMethod.T, PairedBootstrap.DEFAULT_RESAMPLES, 1L);

    public ComparisonOptions {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("confidence level must be between 0 and 1 (exclusive), e.g. 0.95; was "
                    + level);
        }
        Objects.requireNonNull(interval, "interval method");
        if (bootstrapResamples < 100) {
            throw new IllegalArgumentException("bootstrap resamples must be at least 100 (2000 is usual); was "
                    + bootstrapResamples);
        }
    }
}
