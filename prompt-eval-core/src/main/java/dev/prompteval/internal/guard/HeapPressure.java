package dev.prompteval.internal.guard;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Locale;

/**
 * Decides whether the heap is too small for the work, on either of two signs. A full collection left at least 95%
 * of the heap in use: what is live fills the heap, and the next allocations will collect back to back. Or, over a
 * whole window (5 s) of periodic readings, the JVM spent at least half of the time collecting garbage while the old
 * generation stayed at least 90% full after collections. A busy but healthy run collects often with a mostly empty
 * old generation; a run that outgrew its heap collects back to back and frees almost nothing, and would crawl for
 * minutes before an OutOfMemoryError, if one ever came.
 */
final class HeapPressure {
    static final long WINDOW_NANOS = 5_000_000_000L;
    static final double GC_SHARE = 0.5;
    static final double FULL_AFTER_GC = 0.9;
    static final double FULL_AFTER_FULL_GC = 0.95;

    private final ArrayDeque<Reading> readings = new ArrayDeque<>();

    /**
     * One reading of the JVM.
     *
     * @param nanos       when, by {@link System#nanoTime()}
     * @param gcMillis    collection time of all collectors so far
     * @param usedAfterGc the old generation's use after its last collection, in bytes
     * @param max         the most the old generation may grow to, in bytes
     */
    record Reading(long nanos, long gcMillis, long usedAfterGc, long max) {
    }

    /** Why the heap is too small, given its use after a full collection; null while it is not. */
    static String afterFullCollection(long used, long max) {
        if (max <= 0 || used < max * FULL_AFTER_FULL_GC) return null;
        return String.format(Locale.ROOT, "a full garbage collection left %d of %d MiB in use", used >> 20, max >> 20);
    }

    /** Adds a reading; returns why the heap is too small, or null while it is not. */
    String add(Reading reading) {
        readings.addLast(reading);
        // Keep the newest reading at least a window old, so that the window is always covered.
        while (readings.size() > 1) {
            Iterator<Reading> oldest = readings.iterator();
            oldest.next();
            if (reading.nanos() - oldest.next().nanos() < WINDOW_NANOS) break;
            readings.removeFirst();
        }
        Reading first = readings.peekFirst();
        long span = reading.nanos() - first.nanos();
        if (span < WINDOW_NANOS || reading.max() <= 0) return null;
        double gcShare = (reading.gcMillis() - first.gcMillis()) * 1e6 / span;
        double full = (double) reading.usedAfterGc() / reading.max();
        if (gcShare < GC_SHARE || full < FULL_AFTER_GC) return null;
        return String.format(Locale.ROOT, "%.0f%% of the old generation stays in use after garbage collection and"
                + " the JVM spent %.0f%% of the last %d s collecting", full * 100, Math.min(gcShare, 1) * 100,
                span / 1_000_000_000L);
    }
}
