package dev.prompteval.internal.batch;

import java.time.Duration;
import java.util.Objects;

/**
 * How batch mode runs.
 *
 * @param enabled      whether suites that do not say otherwise submit their missing calls as batches
 * @param waitLimit    how long one suite waits for its batches before the build stops with "re-run to collect";
 *                     {@link Duration#ZERO} submits (or polls once) and stops
 * @param pollInterval the time between two looks at a batch
 */
public record BatchSettings(boolean enabled, Duration waitLimit, Duration pollInterval) {
    /** Batch mode off; the waits are the defaults. */
    public static final BatchSettings OFF = new BatchSettings(false, Duration.ofHours(24), Duration.ofSeconds(60));

    public BatchSettings {
        Objects.requireNonNull(waitLimit, "waitLimit");
        Objects.requireNonNull(pollInterval, "pollInterval");
        if (waitLimit.isNegative()) throw new IllegalArgumentException("waitLimit must not be negative");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive");
        }
    }

    /** Whether a suite runs in batch mode: its own setting when it has one, else the build's. */
    public boolean appliesTo(Boolean suiteSetting) {
        return suiteSetting != null ? suiteSetting : enabled;
    }
}
