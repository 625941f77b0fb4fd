package dev.prompteval.internal.stats;

import java.util.Objects;

/**
 * One compared quantity: a measure over a slice of rows, e.g. the pass rate of rows tagged {@code billing}.
 */
public record MetricKey(Measure measure, Slice slice) {
    public MetricKey {
        Objects.requireNonNull(measure, "measure");
        Objects.requireNonNull(slice, "slice");
    }

    public static MetricKey of(Measure measure) {
        return new MetricKey(measure, Slice.ALL);
    }

    /** Human name for messages: {@code pass rate}, {@code score for metric accuracy}, {@code pass rate for tag x}. */
    public String label() {
        return slice.kind() == Slice.Kind.ALL ? measure.label() : measure.label() + " for " + slice.label();
    }

    /** Stable machine id: {@code pass-rate}, {@code score/metric:accuracy}, {@code pass-rate/tag:billing}. */
    public String id() {
        return slice.kind() == Slice.Kind.ALL ? measure.id()
                : measure.id() + "/" + slice.kind().name().toLowerCase(java.util.Locale.ROOT) + ":" + slice.name();
    }
}
