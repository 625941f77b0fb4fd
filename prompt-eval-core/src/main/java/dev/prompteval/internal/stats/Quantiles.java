package dev.prompteval.internal.stats;

import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.TDistribution;

/** Critical values from Apache Commons Statistics. */
final class Quantiles {
    private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

    private Quantiles() {
    }

    /** The two-sided critical value {@code t(1 - alpha/2, df)} for {@code level = 1 - alpha}; NaN when df < 1. */
    static double twoSidedT(double level, double degreesOfFreedom) {
        if (!(degreesOfFreedom >= 1)) return Double.NaN;
        return TDistribution.of(degreesOfFreedom).inverseCumulativeProbability((1 + level) / 2);
    }

    /** The standard normal quantile {@code z(p)}. */
    static double z(double p) {
        return STANDARD_NORMAL.inverseCumulativeProbability(p);
    }
}
