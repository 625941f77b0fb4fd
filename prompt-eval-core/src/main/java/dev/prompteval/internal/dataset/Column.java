package dev.prompteval.internal.dataset;

/**
 * One header column and what it means.
 *
 * @param index 0-based position in the record
 * @param name  the header cell, trimmed
 * @param kind  its role
 * @param key   the metadata key for {@link Kind#METADATA}, the target {@code __expected*} column for
 *              {@link Kind#ASSERTION_THRESHOLD}, otherwise null
 */
record Column(int index, String name, Kind kind, String key) {

    enum Kind {
        VARIABLE, EXPECTED, DESCRIPTION, METRIC, THRESHOLD, METADATA, ID, TAGS, CLUSTER, ASSERTION_THRESHOLD,
        /** A column already reported as a problem; its cells are not read. */
        REJECTED
    }

    /** 1-based, as problems report columns. */
    int number() {
        return index + 1;
    }
}
