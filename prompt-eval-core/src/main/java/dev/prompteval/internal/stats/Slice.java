package dev.prompteval.internal.stats;

import dev.prompteval.dataset.Row;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * A subset of a suite's rows that is measured on its own: all rows, the rows of one {@code __metric}, or the rows
 * carrying one tag.
 *
 * @param kind which kind of subset
 * @param name the metric or tag name; null for {@link Kind#ALL}
 */
public record Slice(Kind kind, String name) {
    /** The kinds of slice. */
    public enum Kind { ALL, METRIC, TAG }

    /** Every row of the suite. */
    public static final Slice ALL = new Slice(Kind.ALL, null);

    public Slice {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.ALL) != (name == null)) {
            throw new IllegalArgumentException("a " + kind + " slice " + (name == null ? "needs" : "has no") + " name");
        }
    }

    public static Slice metric(String name) {
        return new Slice(Kind.METRIC, name);
    }

    public static Slice tag(String name) {
        return new Slice(Kind.TAG, name);
    }

    /** Whether the row belongs to this slice. */
    public boolean contains(Row row) {
        return contains(row.metric(), row.tags());
    }

    /** Whether a row of this {@code __metric} and these tags belongs to this slice. */
    boolean contains(String metric, Set<String> tags) {
        return switch (kind) {
            case ALL -> true;
            case METRIC -> name.equals(metric);
            case TAG -> tags.contains(name);
        };
    }

    /** The human name: empty for all rows, else {@code metric accuracy} or {@code tag billing}. */
    public String label() {
        return kind == Kind.ALL ? "" : kind.name().toLowerCase(java.util.Locale.ROOT) + " " + name;
    }

    /** All rows first, then every {@code __metric} and every tag in order of first appearance. */
    public static List<Slice> of(List<Row> rows) {
        return of(rows, Row::metric, Row::tags);
    }

    /** As {@link #of(List)}, for anything that knows its row's {@code __metric} and tags. */
    static <T> List<Slice> of(List<T> rows, Function<T, String> metricOf, Function<T, Set<String>> tagsOf) {
        Set<Slice> metrics = new LinkedHashSet<>();
        Set<Slice> tags = new LinkedHashSet<>();
        for (T row : rows) {
            String metric = metricOf.apply(row);
            if (metric != null) metrics.add(metric(metric));
            tagsOf.apply(row).forEach(tag -> tags.add(tag(tag)));
        }
        List<Slice> slices = new ArrayList<>();
        slices.add(ALL);
        slices.addAll(metrics);
        slices.addAll(tags);
        return slices;
    }
}
