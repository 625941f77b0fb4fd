package dev.prompteval.dataset;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One dataset row: its template variables, its assertions and the reserved-column values.
 *
 * @param id          the {@code __id} cell, or the 1-based data row number when the dataset has no {@code __id}
 * @param rowNumber   1-based position among data rows (the header is not a row)
 * @param line        1-based line in the file where the record starts (multi-line cells make this differ
 *                    from {@code rowNumber + 1})
 * @param variables   ordinary columns, in header order
 * @param assertions  parsed {@code __expected*} cells, in column order
 * @param description {@code __description}, or null
 * @param metric      {@code __metric}, or null
 * @param threshold   {@code __threshold}, or null
 * @param metadata    {@code __metadata:key} cells by key
 * @param tags        {@code __tags}, split on commas and trimmed
 * @param cluster     {@code __cluster}, or null
 */
public record Row(String id, long rowNumber, long line, Map<String, String> variables, List<Assertion> assertions,
                  String description, String metric, Double threshold, Map<String, String> metadata,
                  Set<String> tags, String cluster) {

    /** Rows tagged {@code critical} must pass whatever the statistics say. */
    public static final String CRITICAL_TAG = "critical";

    public Row {
        variables = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(variables));
        assertions = List.copyOf(assertions);
        metadata = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
        tags = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(tags));
    }

    public boolean critical() {
        return tags.contains(CRITICAL_TAG);
    }

    /** The name shown for the row: {@code [id] description}, or {@code [id]} without a description. */
    public String displayName() {
        return description == null || description.isBlank() ? "[" + id + "]" : "[" + id + "] " + description;
    }
}
