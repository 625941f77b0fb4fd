package dev.prompteval.internal.guard;

import com.sun.management.GarbageCollectionNotificationInfo;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Listens to the end of every full collection, and reads the collectors and the old generation twice a second on a
 * daemon thread; once {@link HeapPressure} says the heap is too small, reports it once with the heap's setting and
 * what to change.
 */
final class HeapWatchdog implements AutoCloseable {
    private static final long PERIOD_MILLIS = 500;

    private final Thread thread;
    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    private final Set<String> heapPools = new HashSet<>();
    private final NotificationListener fullCollections = this::onCollection;
    private final AtomicBoolean reported = new AtomicBoolean();
    private final Consumer<String> tooSmall;
    private volatile boolean running = true;

    private HeapWatchdog(Consumer<String> tooSmall) {
        this.tooSmall = tooSmall;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) heapPools.add(pool.getName());
        }
        MemoryPoolMXBean old = oldGeneration();
        this.thread = new Thread(() -> watch(old), "prompt-eval-heap-watchdog");
        thread.setDaemon(true);
    }

    /** Starts watching; {@code tooSmall} gets the message at most once. */
    static HeapWatchdog start(Consumer<String> tooSmall) {
        var watchdog = new HeapWatchdog(tooSmall);
        for (GarbageCollectorMXBean collector : watchdog.collectors) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(watchdog.fullCollections, null, null);
            }
        }
        watchdog.thread.start();
        return watchdog;
    }

    private void onCollection(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) return;
        var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        if (!info.getGcAction().equals("end of major GC")) return;
        long used = 0;
        for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(pool.getKey())) used += pool.getValue().getUsed();
        }
        String why = HeapPressure.afterFullCollection(used, Runtime.getRuntime().maxMemory());
        if (why != null) report(why);
    }

    private void report(String why) {
        if (reported.compareAndSet(false, true)) tooSmall.accept(message(why));
    }

    private void watch(MemoryPoolMXBean old) {
        var pressure = new HeapPressure();
        while (running && !reported.get()) {
            MemoryUsage afterGc = old == null ? null : old.getCollectionUsage();
            long max = afterGc == null || afterGc.getMax() <= 0 ? Runtime.getRuntime().maxMemory() : afterGc.getMax();
            long used = afterGc == null ? 0 : afterGc.getUsed();
            long gcMillis = collectors.stream().mapToLong(c -> Math.max(0, c.getCollectionTime())).sum();
            String why = pressure.add(new HeapPressure.Reading(System.nanoTime(), gcMillis, used, max));
            if (why != null) {
                report(why);
                return;
            }
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** What the user reads: the heap as configured, why it is too small, and what to set instead. */
    static String message(String why) {
        long maxMiB = Runtime.getRuntime().maxMemory() >> 20;
        String setting = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-Xmx") || a.startsWith("-XX:MaxHeapSize=")).reduce((a, b) -> b)
                .orElse(null);
        String heap = setting != null ? setting + ", " + maxMiB + " MiB usable"
                : maxMiB + " MiB, the JVM's default for this machine";
        long suggested = Math.max(256, Long.highestOneBit(Math.max(1, maxMiB)) * 2);
        return "the heap (" + heap + ") is too small for this evaluation: " + why + ". The run was stopped;"
                + " completed results are in the run journal and the next build resumes from them. Raise the heap,"
                + " e.g. MAVEN_OPTS=-Xmx" + suggested + "m (or -Xmx" + suggested + "m in .mvn/jvm.config), or"
                + " evaluate fewer rows per build";
    }

    /** The pool that holds long-lived objects, whose use after collections is what the run keeps. */
    private static MemoryPoolMXBean oldGeneration() {
        MemoryPoolMXBean last = null;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() != MemoryType.HEAP || !pool.isCollectionUsageThresholdSupported()) continue;
            String name = pool.getName();
            if (name.contains("Old") || name.contains("Tenured")) return pool;
            last = pool;
        }
        return last;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        for (GarbageCollectorMXBean collector : collectors) {
            if (collector instanceof NotificationEmitter emitter) {
                try {
                    emitter.removeNotificationListener(fullCollections);
                } catch (ListenerNotFoundException ignored) {
                    // never added: this collector sends no notifications
                }
            }
        }
    }
}
