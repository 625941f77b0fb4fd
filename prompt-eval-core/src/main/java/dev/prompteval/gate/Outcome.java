package dev.prompteval.gate;

/** The outcome of one rule check. */
public enum Outcome {
    PASS,
    /** Passed, with something worth reading: a real drop that stays within the allowed regression. */
    WARN,
    /** A regression check that cannot tell; warns, or blocks under the strict {@link GatePolicy}. */
    INCONCLUSIVE,
    /** Could not be checked: rows got no answer for reasons outside the prompt, or the run stopped early; blocks. */
    NOT_EVALUATED,
    FAIL
}
