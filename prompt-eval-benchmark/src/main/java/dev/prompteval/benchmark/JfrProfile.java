package dev.prompteval.benchmark;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a recorded build spent its CPU: reads the execution samples of a JFR file (e.g. from
 * {@code --maven-opts "-XX:StartFlightRecording=filename=verify.jfr,settings=profile"}) and prints, per phase split at
 * the given instants, the methods most often on top of the stack (self) and the project's methods most often
 * anywhere on it (inclusive). Arguments: the file, then optionally epoch milliseconds that split the phases.
 */
public final class JfrProfile {
    private static final int TOP = Integer.getInteger("top", 30);

    private JfrProfile() {
    }

    public static void main(String[] args) throws IOException {
        List<RecordedEvent> events = RecordingFile.readAllEvents(Path.of(args[0]));
        long[] splits = new long[args.length - 1];
        for (int i = 1; i < args.length; i++) splits[i - 1] = Long.parseLong(args[i]);
        int phases = splits.length + 1;
        @SuppressWarnings("unchecked")
        Map<String, Integer>[] self = new Map[phases];
        @SuppressWarnings("unchecked")
        Map<String, Integer>[] inclusive = new Map[phases];
        @SuppressWarnings("unchecked")
        Map<String, Integer>[] threads = new Map[phases];
        int[] samples = new int[phases];
        for (int p = 0; p < phases; p++) {
            self[p] = new HashMap<>();
            inclusive[p] = new HashMap<>();
            threads[p] = new HashMap<>();
        }
        for (RecordedEvent event : events) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample")) continue;
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) continue;
            int phase = phase(event.getStartTime(), splits);
            samples[phase]++;
            List<RecordedFrame> frames = stack.getFrames();
            self[phase].merge(name(frames.get(0)), 1, Integer::sum);
            String thread = event.getThread("sampledThread") == null ? "?"
                    : event.getThread("sampledThread").getJavaName();
            threads[phase].merge(thread == null ? "?" : thread.replaceAll("\\d+", "N"), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame frame : frames) {
                String name = name(frame);
                if (isOurs(name) && seen.add(name)) inclusive[phase].merge(name, 1, Integer::sum);
                String pkg = "[package] " + packageOf(name);
                if (seen.add(pkg)) inclusive[phase].merge(pkg, 1, Integer::sum);
            }
        }
        for (int p = 0; p < phases; p++) {
            System.out.printf("== phase %d: %d samples%n", p + 1, samples[p]);
            print("threads", threads[p], samples[p]);
            print("self (top of stack)", self[p], samples[p]);
            print("inclusive", inclusive[p], samples[p]);
        }
    }

    private static boolean isOurs(String name) {
        return name.startsWith("dev.prompteval.");
    }

    private static String packageOf(String method) {
        String type = method.substring(0, method.lastIndexOf('.'));
        int dot = type.lastIndexOf('.');
        String pkg = dot < 0 ? type : type.substring(0, dot);
        String[] parts = pkg.split("\\.");
        return String.join(".", java.util.Arrays.copyOf(parts, Math.min(parts.length, 3)));
    }

    private static int phase(Instant at, long[] splits) {
        long millis = at.toEpochMilli();
        int phase = 0;
        while (phase < splits.length && millis >= splits[phase]) phase++;
        return phase;
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static void print(String title, Map<String, Integer> counts, int total) {
        System.out.println("  " + title + ":");
        counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(TOP)
                .forEach(e -> System.out.printf("    %5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, total),
                        e.getKey()));
    }
}
