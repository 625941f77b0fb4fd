package dev.prompteval.internal.run;

import java.time.Duration;

/**
 * Time as the runner sees it: a monotonic clock and a sleep that a stop request cuts short. Tests inject a fake
 * so that backoff and rate-limit waits take no real time.
 */
public interface RunClock {

    /** The system clock: {@link System#nanoTime()} and a real wait. */
    RunClock SYSTEM = new RunClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration duration, CancellationToken stop) throws InterruptedException {
            stop.await(duration);
        }
    };

    /** Monotonic nanoseconds, as {@link System#nanoTime()}. */
    long nanoTime();

    /** Waits for {@code duration}, returning early when {@code stop} is (or becomes) cancelled. */
    void sleep(Duration duration, CancellationToken stop) throws InterruptedException;
}
