package dev.prompteval.gate;

/** A suite's verdict. */
public enum Decision {
    /** Every rule passed; the candidate is shown to be no worse than the allowed regression. */
    PASS,
    /** A rule failed: a hard failure, an absolute limit, or a regression that is shown. */
    FAIL,
    /**
     * Nothing failed, but some regression check could not tell whether the candidate is within the margin: too few
     * rows or repeats. Blocks only under the strict {@link GatePolicy}.
     */
    INCONCLUSIVE
}
