package dev.prompteval.internal.gate;

/**
 * Limits for the rows of one {@code __metric} or one tag. Each is optional (null: not checked). Unlike the suite's
 * overall limits, a slice's regression is only gated when {@code maxRegression} is set for it: gating every slice
 * at the same confidence would multiply the chance of a false alarm by the number of slices.
 *
 * @param minPassRate   minimum pass rate in [0, 1]
 * @param minScore      minimum mean score in [0, 1]
 * @param maxRegression allowed drop against the baseline in [0, 1)
 */
public record Limits(Double minPassRate, Double minScore, Double maxRegression) {
    public Limits {
        GateRules.requireUnit("minPassRate", minPassRate);
        GateRules.requireUnit("minScore", minScore);
        GateRules.requireMargin("maxRegression", maxRegression);
    }
}
