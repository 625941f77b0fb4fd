package dev.prompteval.dataset;

/**
 * One assertion on a model output, parsed from a cell such as {@code contains:Paris}, {@code not-regex:^\d+$}
 * or {@code levenshtein(0.8):hello}.
 *
 * @param type      the scorer type without the {@code not-} prefix, e.g. {@code icontains-any}
 * @param negated   true for {@code not-type:value}
 * @param threshold the {@code (t)} part, or null when the cell had none
 * @param value     everything after the first {@code :} (may be empty, e.g. for {@code is-json})
 * @param weight    weight in the row's weighted mean; 1 unless configured
 * @param column    the CSV column the assertion came from ({@code __expected}, {@code __expected2}, ...) or a
 *                  configuration source for suite-level assertions
 */
public record Assertion(String type, boolean negated, Double threshold, String value, double weight, String column) {

    public Assertion {
        if (weight < 0 || Double.isNaN(weight)) {
            throw new IllegalArgumentException("assertion weight must be >= 0, was " + weight);
        }
        value = value == null ? "" : value;
    }

    /** The assertion as it would be written in a cell, for reports and reasons. */
    public String display() {
        var sb = new StringBuilder();
        if (negated) sb.append("not-");
        sb.append(type);
        if (threshold != null) sb.append('(').append(threshold).append(')');
        if (!value.isEmpty()) sb.append(':').append(value);
        return sb.toString();
    }
}
