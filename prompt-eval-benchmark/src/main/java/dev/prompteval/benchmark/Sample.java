package dev.prompteval.benchmark;

import java.util.Locale;

/**
 * One measured process: its exit code, wall time, CPU (user + sys), peak RSS, the load average when it started,
 * the model calls it made (and when they arrived), what its collector logged, where it was a JVM, and when it was
 * sent SIGTERM (0 when it was not).
 */
record Sample(int exitCode, double wallSeconds, double cpuSeconds, double peakRssMiB, double loadBefore, long calls,
              long[] arrivals, long lastAnswerNanos, long startNanos, long startEpochMillis, HeapLog heap,
              long terminatedNanos) {
    String describe() {
        return String.format(Locale.ROOT, "wall %.2f s, CPU %.2f s, peak RSS %.0f MiB, %d calls, load %.2f",
                wallSeconds, cpuSeconds, peakRssMiB, calls, loadBefore);
    }
}
