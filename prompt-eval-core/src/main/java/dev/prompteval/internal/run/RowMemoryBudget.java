package dev.prompteval.internal.run;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How many encoded bytes of row results {@link RowResultFile}s may keep in memory, over all of them at once: a run
 * whose rows fit is never written to disk nor read back, and a run that does not fit writes every row to its scratch
 * file, so that the rows held stay within this amount however many rows, versions and suites a build has.
 *
 * <p>Rows in memory take about 2.5 times their encoded size (a row of a few short strings about 900 bytes against 360
 * encoded; one with three 130-character strings about 2.3 KB against 900), so the process-wide budget, a 40th of the
 * maximum heap up to 16 MiB, holds about a 16th of the heap in rows: 2,000 such rows of each of two versions fit in
 * a 256 MB heap, and a 64 MB heap keeps about 4 MB of rows.
 */
final class RowMemoryBudget {
    /** The budget of every run in this process. */
    static final RowMemoryBudget SHARED = new RowMemoryBudget(
            Math.min(16L << 20, Runtime.getRuntime().maxMemory() / 40));

    private final AtomicLong free;

    /** @param bytes encoded bytes that may be held at once; 0 keeps nothing in memory */
    RowMemoryBudget(long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("a memory budget cannot be negative, was " + bytes);
        this.free = new AtomicLong(bytes);
    }

    /** Takes {@code bytes} from the budget if that many are free. */
    boolean tryTake(long bytes) {
        long left;
        do {
            left = free.get();
            if (left < bytes) return false;
        } while (!free.compareAndSet(left, left - bytes));
        return true;
    }

    /** Gives back bytes taken earlier. */
    void give(long bytes) {
        free.addAndGet(bytes);
    }

    /** Encoded bytes free now. */
    long free() {
        return free.get();
    }
}
