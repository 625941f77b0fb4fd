package dev.prompteval.stats;

/** How a confidence interval for a mean or a paired difference is computed. */
public enum IntervalMethod {
    /** Student t-interval: {@code mean ± t(1 - alpha/2, df) * SE}; df = n - 1, or G - 1 when clustered. */
    T,
    /** Percentile interval of a seeded paired bootstrap over rows, or over whole clusters when clustered. */
    BOOTSTRAP
}
