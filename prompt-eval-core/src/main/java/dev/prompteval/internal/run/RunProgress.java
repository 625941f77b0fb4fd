package dev.prompteval.internal.run;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A run's counters, and reports to the listener at most once per interval. Reports are made by whichever worker
 * completes a result once the interval has passed, so no thread ticks in the background and a quiet run reports
 * nothing; a lock keeps reports from overlapping (a worker finding one in progress skips its turn).
 */
final class RunProgress {
    private final ProgressListener listener;
    private final RunClock clock;
    private final long intervalNanos;
    private final long startedAt;
    private final AtomicLong nextReportAt;
    private final ReentrantLock reporting = new ReentrantLock();
    private final LongAdder done = new LongAdder();
    private final LongAdder resumed = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final Map<String, LongAdder> errorsByCause = new ConcurrentHashMap<>();
    private volatile long total = -1;
    private volatile RuntimeException listenerFailure;
    private long inputTokens;
    private long outputTokens;
    private double costUsd;

    RunProgress(ProgressListener listener, RunClock clock, Duration interval) {
        this.listener = listener;
        this.clock = clock;
        this.intervalNanos = interval.toNanos();
        this.startedAt = clock.nanoTime();
        this.nextReportAt = new AtomicLong(startedAt + intervalNanos);
    }

    void total(long tasks) {
        total = tasks;
    }

    void resumed() {
        resumed.increment();
        done.increment();
    }

    private synchronized double spent() {
        return costUsd;
    }

    void retried() {
        retries.increment();
    }

    /** Counts the cause of an error result about to be {@link #completed}, e.g. {@code rate limit (HTTP 429)}. */
    void failed(String cause) {
        errorsByCause.computeIfAbsent(cause, c -> new LongAdder()).increment();
    }

    /** Counts a result of this run and returns this run's spend so far; cached answers cost nothing now. */
    double completed(SampleResult result) {
        if (result.errored()) errors.increment();
        done.increment();
        if (result.cached()) return spent();
        synchronized (this) {
            inputTokens += Math.max(0, result.usage().inputTokens());
            outputTokens += Math.max(0, result.usage().outputTokens());
            costUsd += result.usage().costUsd();
            return costUsd;
        }
    }

    /** Reports when the interval has passed since the last report; cheap otherwise. */
    void maybeReport() {
        long now = clock.nanoTime();
        long due = nextReportAt.get();
        if (now < due || !nextReportAt.compareAndSet(due, now + intervalNanos)) return;
        if (!reporting.tryLock()) return;
        try {
            listener.onProgress(snapshot(false));
        } catch (RuntimeException e) {
            listenerFailure = e;
        } finally {
            reporting.unlock();
        }
    }

    /** The last report, made once every worker has finished. */
    Progress finish() {
        Progress last = snapshot(true);
        reporting.lock();
        try {
            listener.onProgress(last);
        } finally {
            reporting.unlock();
        }
        return last;
    }

    /** The first exception a listener threw during the run, or null. */
    RuntimeException listenerFailure() {
        return listenerFailure;
    }

    Progress snapshot(boolean finished) {
        long elapsed = Math.max(0, clock.nanoTime() - startedAt);
        long doneNow = done.sum();
        long ran = doneNow - resumed.sum();
        double perSecond = elapsed == 0 ? 0 : ran / (elapsed / 1e9);
        long totalNow = total;
        Duration eta = totalNow < 0 || perSecond <= 0 ? null
                : Duration.ofMillis((long) (Math.max(0, totalNow - doneNow) / perSecond * 1000));
        synchronized (this) {
            var causes = new TreeMap<String, Long>();
            errorsByCause.forEach((cause, count) -> causes.put(cause, count.sum()));
            return new Progress(doneNow, totalNow, resumed.sum(), errors.sum(), causes, retries.sum(),
                    Duration.ofNanos(elapsed), perSecond, eta, inputTokens, outputTokens, costUsd, finished);
        }
    }
}
