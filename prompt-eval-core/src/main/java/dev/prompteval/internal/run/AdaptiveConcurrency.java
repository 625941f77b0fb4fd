package dev.prompteval.internal.run;

/**
 * How many model calls a run has in flight, adapted to what the provider says (additive increase, multiplicative
 * decrease, as TCP does with its window): a rate limit or overload answer cuts the limit to {@value #DECREASE} of
 * itself, at most once per round of calls (answers to calls sent before the last cut do not cut again, since they
 * describe the load before it); every successful call adds {@code 1/limit}, so the limit grows back by about one
 * call per round, up to the run's concurrency. Waiting to retry does not hold a slot. Thread-safe.
 */
final class AdaptiveConcurrency {
    static final double DECREASE = 0.7;

    private final int max;
    private double limit;
    private int inFlight;
    /** Counts the cuts; a call remembers the value it started under. */
    private long generation;

    AdaptiveConcurrency(int max) {
        if (max < 1) throw new IllegalArgumentException("max must be >= 1, was " + max);
        this.max = max;
        this.limit = max;
    }

    /**
     * Waits for a free slot.
     *
     * @return the ticket to {@link #release} the slot with, or -1 when {@code stop} was cancelled first (no slot
     * is then held)
     */
    synchronized long acquire(CancellationToken stop) throws InterruptedException {
        while (inFlight >= (int) limit && !stop.isCancelled()) wait();
        if (stop.isCancelled()) {
            // A wake-up meant for a free slot must not end with a caller that is leaving: pass it on.
            if (inFlight < (int) limit) notify();
            return -1;
        }
        inFlight++;
        return generation;
    }

    /** Frees a slot after a successful call. */
    synchronized void succeeded(long ticket) {
        inFlight--;
        limit = Math.min(max, limit + 1 / limit);
        wakeForFreeSlots();
    }

    /** Frees a slot after the provider said it is overloaded or rate limiting. */
    synchronized void overloaded(long ticket) {
        inFlight--;
        if (ticket == generation) {
            limit = Math.max(1, limit * DECREASE);
            generation++;
        }
        wakeForFreeSlots();
    }

    /** Frees a slot after any other outcome, changing nothing. */
    synchronized void released(long ticket) {
        inFlight--;
        wakeForFreeSlots();
    }

    /**
     * Wakes one waiting caller per free slot, not all of them: runs made together have more workers than slots, and
     * waking every one at each answer would spend the CPU the calls need on threads that go back to waiting.
     */
    private void wakeForFreeSlots() {
        for (int free = (int) limit - inFlight; free > 0; free--) notify();
    }

    /** Wakes every waiting caller, e.g. when the run is stopping. */
    synchronized void wakeAll() {
        notifyAll();
    }

    /** Calls allowed in flight now (whole calls). */
    synchronized int limit() {
        return (int) limit;
    }
}
