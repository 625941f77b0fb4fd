package dev.prompteval.junit;

import dev.prompteval.dataset.Assertion;
import dev.prompteval.dataset.Row;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** One dataset row, as a {@link PromptEval @PromptEval} test method or {@link PromptTarget} receives it. */
public final class PromptRow {
    private final Row row;

    PromptRow(Row row) {
        this.row = Objects.requireNonNull(row, "row");
    }

    /** The {@code __id} cell, or the 1-based row number when the dataset has no {@code __id} column. */
    public String id() {
        return row.id();
    }

    /**
     * A template variable (an ordinary column) of this row.
     *
     * @throws IllegalArgumentException when the dataset has no such column, naming the ones it has
     */
    public String var(String name) {
        String value = row.variables().get(name);
        if (value == null && !row.variables().containsKey(name)) {
            throw new IllegalArgumentException("row " + row.displayName() + " has no variable '" + name
                    + "'; its variables are " + row.variables().keySet());
        }
        return value;
    }

    /** All template variables, in column order. */
    public Map<String, String> variables() {
        return row.variables();
    }

    /** The row's own assertions ({@code __expected}, {@code __expected2}, ...), in column order. */
    public List<Assertion> expected() {
        return row.assertions();
    }

    /** The {@code __tags}. */
    public Set<String> tags() {
        return row.tags();
    }

    /** Whether the row is tagged {@code critical} (it must pass whatever the statistics say). */
    public boolean critical() {
        return row.critical();
    }

    /** The {@code __description}. */
    public Optional<String> description() {
        return Optional.ofNullable(row.description());
    }

    /** A {@code __metadata:key} cell. */
    public Optional<String> metadata(String key) {
        return Optional.ofNullable(row.metadata().get(key));
    }

    /** The {@code __metric}. */
    public Optional<String> metric() {
        return Optional.ofNullable(row.metric());
    }

    /** The 1-based line in the CSV file where the row starts. */
    public long line() {
        return row.line();
    }

    /** The core row, with everything the dataset said about it. */
    public Row row() {
        return row;
    }

    @Override
    public String toString() {
        return row.displayName();
    }
}
