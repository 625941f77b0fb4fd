package dev.prompteval.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Runs one command as a whole process under {@code /usr/bin/time}, which reports the user and system CPU of the
 * process and every descendant it waited for, and the largest resident set among them. Output goes to a log file.
 * Optionally the build's JVM is sent SIGTERM once the stub has received a given number of its calls, as a CI job's
 * timeout would.
 */
final class ChildProcess {
    private ChildProcess() {
    }

    static Sample run(List<String> command, Path dir, Path log, Map<String, String> env, ChatCompletionsStub stub,
                      Duration histogramAfter) throws IOException, InterruptedException {
        return run(command, dir, log, env, stub, histogramAfter, 0);
    }

    /** As {@link #run}, and SIGTERM to the build's JVM once it has made {@code terminateAfterCalls} calls (0 never). */
    static Sample run(List<String> command, Path dir, Path log, Map<String, String> env, ChatCompletionsStub stub,
                      Duration histogramAfter, long terminateAfterCalls) throws IOException, InterruptedException {
        Path times = log.resolveSibling(log.getFileName() + ".time");
        Path gcLog = log.resolveSibling(log.getFileName() + ".gc");
        Files.deleteIfExists(gcLog);
        var full = new ArrayList<>(List.of("/usr/bin/time", "-f", "%e %U %S %M", "-o", times.toString()));
        full.addAll(command);
        var builder = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        String mavenOpts = env.getOrDefault("MAVEN_OPTS", "");
        // The heap's high-water mark comes from the collector's own log: the occupancy before each collection.
        builder.environment().put("MAVEN_OPTS", (mavenOpts + " -Xlog:gc:file=" + gcLog).strip());
        double load = loadAverage();
        long callsBefore = stub.requests();
        int arrivalsBefore = stub.arrivalNanos().length;
        long startEpochMillis = System.currentTimeMillis();
        long start = System.nanoTime();
        Process process = builder.start();
        Thread histogram = histogramAfter == null ? null : histogramLater(process, histogramAfter, log);
        var terminated = new AtomicLong();
        Thread terminator = terminateAfterCalls <= 0 ? null
                : terminateLater(process, () -> stub.requests() - callsBefore >= terminateAfterCalls, terminated);
        int exit = process.waitFor();
        long end = System.nanoTime();
        if (histogram != null) histogram.interrupt();
        if (terminator != null) terminator.interrupt();
        String[] fields = Files.readString(times).strip().lines().reduce((a, b) -> b).orElse("").split(" ");
        double cpu = Double.parseDouble(fields[1]) + Double.parseDouble(fields[2]);
        double rssMiB = Double.parseDouble(fields[3]) / 1024.0;
        long[] arrivals = stub.arrivalNanos();
        return new Sample(exit, (end - start) / 1e9, cpu, rssMiB, load, stub.requests() - callsBefore,
                Arrays.copyOfRange(arrivals, arrivalsBefore, arrivals.length), stub.lastAnswerNanos(), start,
                startEpochMillis, Files.exists(gcLog) ? HeapLog.read(gcLog) : null, terminated.get());
    }

    /** Sends SIGTERM to the build's JVM (not to {@code time}, which would not pass it on) once {@code due} holds. */
    private static Thread terminateLater(Process process, BooleanSupplier due, AtomicLong terminatedNanos) {
        Thread thread = new Thread(() -> {
            try {
                while (!due.getAsBoolean()) Thread.sleep(2);
                Optional<ProcessHandle> jvm = buildJvm(process);
                if (jvm.isPresent() && jvm.get().destroy()) terminatedNanos.set(System.nanoTime());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sigterm");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** The java process under the command ({@code mvnw} execs it). */
    private static Optional<ProcessHandle> buildJvm(Process process) {
        return process.descendants().filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst();
    }

    /** The machine's load average over the last minute, from /proc/loadavg. */
    static double loadAverage() throws IOException {
        return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    }

    /** Takes a heap histogram of the build's JVM (the java process under the command) after {@code delay}. */
    private static Thread histogramLater(Process process, Duration delay, Path log) {
        Thread thread = new Thread(() -> {
            try {
                Thread.sleep(delay.toMillis());
                Optional<ProcessHandle> jvm = buildJvm(process);
                if (jvm.isEmpty()) return;
                Path out = log.resolveSibling(log.getFileName() + ".histogram");
                new ProcessBuilder("jcmd", Long.toString(jvm.get().pid()), "GC.class_histogram")
                        .redirectErrorStream(true).redirectOutput(out.toFile()).start().waitFor();
                List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
                System.out.println("            heap histogram after " + delay.toSeconds() + " s (" + out + "):");
                lines.stream().limit(18).forEach(line -> System.out.println("            " + line));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                System.out.println("            heap histogram failed: " + e);
            }
        }, "heap-histogram");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
