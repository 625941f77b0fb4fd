package dev.prompteval.gate;

import java.util.Locale;

/** What the gate promises, and so what blocks the build and publishing. */
public enum GatePolicy {
    /**
     * The default: block what the data shows to have regressed (a FAIL). An INCONCLUSIVE suite does not block; its
     * warning says what drop the data could not rule out and what would settle it.
     */
    BLOCK_SHOWN_REGRESSIONS,
    /**
     * Strict: publish only a candidate shown to be no worse than the margin (a PASS); INCONCLUSIVE blocks too.
     * Needs enough rows or samples to resolve the margin; {@code maxRepeat} lets the gate buy the samples it needs.
     */
    REQUIRE_SHOWN_WITHIN_MARGIN;

    /** The name used in configuration: {@code block-shown-regressions} or {@code require-shown-within-margin}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Reads {@link #id()} (or the constant's name), case-insensitively; null when it is neither. */
    public static GatePolicy parse(String text) {
        String normalised = text.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (GatePolicy policy : values()) {
            if (policy.name().equals(normalised)) return policy;
        }
        return null;
    }
}
