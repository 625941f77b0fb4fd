package dev.prompteval.benchmark;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * Peak heap use, garbage collection and CPU time over a measured span, from the JVM's management beans. The peak
 * is the sum of each heap pool's own peak: an upper bound of the true peak, as pools peak at different moments.
 */
final class HeapMeter {
    private long gcCountAtStart;
    private long gcMillisAtStart;
    private long cpuNanosAtStart;

    /** Starts a span: collects garbage so that the peak starts from live data, and resets the pools' peaks. */
    void start() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) pool.resetPeakUsage();
        }
        gcCountAtStart = gcCount();
        gcMillisAtStart = gcMillis();
        cpuNanosAtStart = cpuNanos();
    }

    /** CPU time the whole process (stub included) used since {@link #start()}. */
    long cpuMillis() {
        return (cpuNanos() - cpuNanosAtStart) / 1_000_000;
    }

    /** The machine's load average over the last minute: other processes compete for the same cores. */
    double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    long peakHeapBytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
        }
        return peak;
    }

    long maxHeapBytes() {
        return Runtime.getRuntime().maxMemory();
    }

    long collections() {
        return gcCount() - gcCountAtStart;
    }

    long collectionMillis() {
        return gcMillis() - gcMillisAtStart;
    }

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).filter(c -> c > 0).sum();
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime).filter(c -> c > 0).sum();
    }
}
