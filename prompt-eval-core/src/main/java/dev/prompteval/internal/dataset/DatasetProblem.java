package dev.prompteval.internal.dataset;

/**
 * One thing wrong with a dataset, located as compilers locate errors.
 *
 * @param file    the dataset as the user named it, e.g. {@code data/orders.csv}
 * @param line    1-based line in the file where the offending record (or header) starts
 * @param column  1-based CSV column of the offending cell, or null when the problem is the whole row
 * @param message what is wrong, with the offending value, and what to do about it
 */
public record DatasetProblem(String file, long line, Integer column, String message) {

    /** {@code data/orders.csv:14:3: message}, or {@code data/orders.csv:14: message} without a column. */
    @Override
    public String toString() {
        return file + ":" + line + (column == null ? "" : ":" + column) + ": " + message;
    }
}
