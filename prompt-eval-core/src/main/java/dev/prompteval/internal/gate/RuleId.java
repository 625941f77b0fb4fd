package dev.prompteval.internal.gate;

/** The gate's rules, with the stable ids used in reports and {@code gate.json}. */
public enum RuleId {
    /** Both runs finished every row (a run stopped by budget or interruption is incomplete). */
    COMPLETE_RUN("complete-run"),
    /** Every row ran in both the candidate and the baseline. */
    PAIRED_ROWS("paired-rows"),
    /** No row errored, in either run. */
    NO_ERRORS("no-errors"),
    /**
     * Every row got an answer in both runs: none was left without one by the provider (rate limits past the retry
     * budget, outages, quota, the key), which says nothing about the prompt.
     */
    EVALUATED("evaluated"),
    /** Every sample of every {@code critical} row passed in the candidate. */
    CRITICAL_ROWS("critical-rows"),
    /** The candidate's pass rate (overall, or of a metric or tag) is at least the configured minimum. */
    MIN_PASS_RATE("min-pass-rate"),
    /** The candidate's mean score (overall, or of a metric or tag) is at least the configured minimum. */
    MIN_SCORE("min-score"),
    /** The paired difference to the baseline is shown to be no worse than {@code -maxRegression}. */
    MAX_REGRESSION("max-regression"),
    /** A limit configured for a {@code __metric} or tag names one that some row actually has. */
    LIMIT_TARGET("limit-target");

    private final String id;

    RuleId(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
