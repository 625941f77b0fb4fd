package dev.prompteval.gate;

/** What an INCONCLUSIVE suite does to the build and to publishing. */
public enum InconclusivePolicy {
    /** Block, like a failure (the default): an untested candidate is not shown to be safe. */
    FAIL,
    /** Report it as a warning and let the build pass. */
    WARN
}
