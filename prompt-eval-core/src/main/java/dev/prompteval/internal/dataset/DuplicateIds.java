package dev.prompteval.internal.dataset;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Finds repeated row ids without holding the ids. The first pass keeps one 64-bit hash per id and notes the
 * hashes it meets twice; only when there are such hashes does a second pass compare the ids behind them, so a
 * hash collision can never be reported as a duplicate.
 */
final class DuplicateIds {
    /** Distinct repeated hashes checked in the second pass; repeats beyond are only counted. */
    static final int MAX_CHECKED = 10_000;

    private LongHashSet seen = new LongHashSet();
    private final Set<Long> suspects = new HashSet<>();
    private long unchecked;

    /** First pass: one call per row. */
    void add(String id) {
        long hash = RowIdHash.of(id);
        if (seen.add(hash)) return;
        if (suspects.size() < MAX_CHECKED || suspects.contains(hash)) {
            suspects.add(hash);
        } else {
            unchecked++;
        }
    }

    /** Whether any id may repeat, so that a second pass is needed. */
    boolean anySuspect() {
        return !suspects.isEmpty();
    }

    /** Repeats seen in the first pass that the second pass does not check (beyond {@link #MAX_CHECKED}). */
    long unchecked() {
        return unchecked;
    }

    /** Starts the second pass, releasing the first pass's hashes. */
    SecondPass secondPass() {
        seen = null;
        return new SecondPass();
    }

    /** Second pass: one call per row, in the same order as the first. */
    final class SecondPass {
        private final Map<String, Long> firstLine = new HashMap<>();

        /** The line of an earlier row with the same id, or -1 when this id is the first with its value. */
        long earlierLine(String id, long line) {
            if (!suspects.contains(RowIdHash.of(id))) return -1;
            Long first = firstLine.putIfAbsent(id, line);
            return first == null ? -1 : first;
        }
    }
}
