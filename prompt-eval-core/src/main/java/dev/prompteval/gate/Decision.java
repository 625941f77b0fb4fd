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
    INCONCLUSIVE,
    /**
     * Nothing failed on the rows that were evaluated, but some rows got no answer for reasons outside the prompt
     * (rate limits past the retry budget, an outage, quota, the key) or the run stopped early: no verdict on the
     * prompt. Blocks the build and publishing like FAIL; running again resumes (the run journal and the response
     * cache keep every completed result).
     */
    NOT_EVALUATED
}
