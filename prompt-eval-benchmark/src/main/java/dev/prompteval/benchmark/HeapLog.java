package dev.prompteval.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a JVM's {@code -Xlog:gc} file says about its heap: the highest occupancy before a collection (the heap's
 * high-water mark), the highest after a young or full collection (an upper bound of the live data: a young
 * collection leaves the old generation's garbage in place), the heap's size, and how many collections were full and
 * how long all of them paused the application. G1's Remark and Cleanup pauses are counted but give no live figure:
 * they free next to nothing, so their "after" is the occupancy, garbage included.
 */
record HeapLog(long highWaterMiB, long liveHighWaterMiB, long heapMiB, int collections, int fullCollections,
               double pauseSeconds) {
    // e.g. "[1.234s][info][gc] GC(7) Pause Young (Normal) (G1 Evacuation Pause) 24M->6M(256M) 3.456ms"
    private static final Pattern PAUSE = Pattern.compile("GC\\(\\d+\\) (Pause \\S+).* (\\d+)M->(\\d+)M\\((\\d+)M\\)"
            + " (\\d+(?:\\.\\d+)?)ms");

    static HeapLog read(Path file) throws IOException {
        long high = 0;
        long live = 0;
        long size = 0;
        int count = 0;
        int full = 0;
        double pause = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            Matcher m = PAUSE.matcher(line);
            if (!m.find()) continue;
            count++;
            if (m.group(1).equals("Pause Full")) full++;
            high = Math.max(high, Long.parseLong(m.group(2)));
            if (m.group(1).equals("Pause Young") || m.group(1).equals("Pause Full")) {
                live = Math.max(live, Long.parseLong(m.group(3)));
            }
            size = Math.max(size, Long.parseLong(m.group(4)));
            pause += Double.parseDouble(m.group(5)) / 1000.0;
        }
        return new HeapLog(high, live, size, count, full, pause);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "heap: high-water %d MiB, live data at most %d MiB, heap size up to %d MiB;"
                + " %d collections (%d full), %.2f s paused", highWaterMiB, liveHighWaterMiB, heapMiB, collections,
                fullCollections, pauseSeconds);
    }
}
