package dev.prompteval.stats;

/** How a confidence interval for a mean or a paired difference is computed. */
public enum IntervalMethod {
    /** Student t-interval: {@code mean ± t(1 - alpha/2, df) * SE}; df = n - 1, or
     * Bell-McCaffrey's when clustered; for pass/fail rows with one sample each the gate uses {@link #SCORE} instead. */
    T,
    /**
     * A score interval: Tango's for a paired difference of pass rates (pass/fail rows, one sample each), Wilson's
     * for one side's pass rate.
     */
    SCORE,
    /** Percentile interval of a seeded paired bootstrap over rows, or over whole clusters when clustered. */
    BOOTSTRAP
}
