package dev.prompteval.internal.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Asks a run to stop cleanly: no new (row, sample) task starts, calls in flight finish and are kept, tasks waiting
 * for a retry or a rate limit give up. Thread-safe; cancelling twice keeps the first reason.
 */
public final class CancellationToken {
    private final CountDownLatch cancelled = new CountDownLatch(1);
    private final List<Runnable> callbacks = new ArrayList<>();
    private volatile String reason;

    /**
     * Cancels, unless already cancelled.
     *
     * @param reason shown in the run's stop message, e.g. {@code "interrupted by the user"}
     * @return true when this call cancelled the token, false when it already was
     */
    public boolean cancel(String reason) {
        List<Runnable> toRun;
        synchronized (callbacks) {
            if (isCancelled()) return false;
            this.reason = reason;
            cancelled.countDown();
            toRun = List.copyOf(callbacks);
            callbacks.clear();
        }
        toRun.forEach(Runnable::run);
        return true;
    }

    public boolean isCancelled() {
        return cancelled.getCount() == 0;
    }

    /** Why the token was cancelled, or null while it is not. */
    public String reason() {
        return reason;
    }

    /**
     * Waits up to {@code timeout}, returning early when the token is cancelled.
     *
     * @return true when the token is cancelled
     */
    public boolean await(Duration timeout) throws InterruptedException {
        return cancelled.await(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
    }

    /**
     * Runs {@code action} once when the token is cancelled (at once when it already is).
     *
     * @return closing it unregisters the action, so that a token reused across runs does not collect them
     */
    Registration onCancel(Runnable action) {
        synchronized (callbacks) {
            if (!isCancelled()) {
                callbacks.add(action);
                return () -> {
                    synchronized (callbacks) {
                        callbacks.remove(action);
                    }
                };
            }
        }
        action.run();
        return () -> { };
    }

    /** Undoes an {@link #onCancel} registration. */
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
