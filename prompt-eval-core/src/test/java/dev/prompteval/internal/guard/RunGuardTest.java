package dev.prompteval.internal.guard;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Builds in child JVMs: SIGTERM during a run stops it with the journal intact and the next build resumes; a heap
 * too small for the work stops it with a message naming the heap. The only time limits are generous ones (tens of
 * seconds) that a working guard stays far within.
 */
class RunGuardTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void sigtermStopsTheRunWithTheJournalIntactAndTheNextBuildResumes() throws Exception {
        Path project = dir.resolve("project");
        Path output = dir.resolve("first.log");
        // 400 rows at 4 calls in flight, 250 ms each: 25 s per version, far longer than the test waits.
        Process build = child(List.of(GuardedEvaluationChild.class.getName(), project.toString(), "250"), List.of(),
                output);
        Path journalDir = project.resolve("target/journal/capitals");
        assertThat(waitFor(() -> resultLines(journalDir) >= 8, build, 120)).as("results journaled; log:%n%s",
                read(output)).isTrue();

        build.destroy(); // SIGTERM
        assertThat(build.waitFor(60, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();

        String log = read(output);
        assertThat(build.exitValue()).as(log).isEqualTo(143);
        assertThat(log).contains("prompt-eval: the JVM is shutting down (SIGTERM or Ctrl-C): no new model calls start")
                .contains("completed results are in the run journal and the next build resumes from them");
        // Both versions run at once, each with its own journal.
        Map<String, Integer> kept = new HashMap<>();
        for (Path journal : journals(journalDir)) {
            byte[] bytes = Files.readAllBytes(journal);
            assertThat(bytes[bytes.length - 1]).as("the journal ends with a whole line").isEqualTo((byte) '\n');
            List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
            for (String line : lines) assertThat(JSON.readTree(line).isObject()).as(line).isTrue();
            // the first line describes the run
            kept.put(JSON.readTree(lines.get(0)).path("reference").asText(), lines.size() - 1);
        }
        assertThat(kept).containsOnlyKeys("file:candidate.json", "label:prod");
        int candidateKept = kept.get("file:candidate.json");
        int baselineKept = kept.get("label:prod");
        assertThat(candidateKept + baselineKept).isBetween(8, 2 * GuardedEvaluationChild.ROWS - 1);
        assertThat(candidateKept).isLessThan(GuardedEvaluationChild.ROWS);
        assertThat(baselineKept).isLessThan(GuardedEvaluationChild.ROWS);

        Path second = dir.resolve("second.log");
        Process resume = child(List.of(GuardedEvaluationChild.class.getName(), project.toString(), "0"), List.of(),
                second);
        assertThat(resume.waitFor(120, TimeUnit.SECONDS)).as("the second build finished").isTrue();
        String resumed = read(second);
        assertThat(resume.exitValue()).as(resumed).isZero();
        assertThat(resumed).contains("run file:candidate.json: COMPLETED, resumed " + candidateKept + ", done "
                        + GuardedEvaluationChild.ROWS)
                .contains("run label:prod: COMPLETED, resumed " + baselineKept + ", done "
                        + GuardedEvaluationChild.ROWS)
                .contains("server answered " + (2 * GuardedEvaluationChild.ROWS - candidateKept - baselineKept));
    }

    @Test
    void aHeapTooSmallStopsTheWorkWithAMessageNamingTheHeapAndTheFix() throws Exception {
        Path output = dir.resolve("heap.log");
        Process work = child(List.of(HeapFillChild.class.getName()), List.of("-Xmx64m", "-XX:+UseG1GC"), output);

        assertThat(work.waitFor(180, TimeUnit.SECONDS)).as("stopped").isTrue();
        String log = read(output);
        assertThat(work.exitValue()).as(log).isEqualTo(3);
        assertThat(log).contains("stopped: the heap (-Xmx64m, 64 MiB usable) is too small for this evaluation: ")
                .contains("a full garbage collection left ")
                .contains("Raise the heap, e.g. MAVEN_OPTS=-Xmx256m (or -Xmx256m in .mvn/jvm.config)");
    }

    private static Process child(List<String> mainAndArgs, List<String> jvmOptions, Path output) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin",
                "java").toString());
        var command = new ArrayList<String>();
        command.add(java);
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.addAll(mainAndArgs);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }

    /** Polls until {@code condition} holds, the process ends, or {@code seconds} pass. */
    private static boolean waitFor(IoCondition condition, Process process, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (condition.holds()) return true;
            Thread.sleep(200);
        }
        return condition.holds();
    }

    private interface IoCondition {
        boolean holds() throws IOException;
    }

    /** Results in the suite's journals, both versions' together. */
    private static long resultLines(Path journalDir) throws IOException {
        if (!Files.isDirectory(journalDir)) return 0;
        long results = 0;
        for (Path journal : journals(journalDir)) {
            try (Stream<String> lines = Files.lines(journal)) {
                results += Math.max(0, lines.count() - 1);
            }
        }
        return results;
    }

    private static List<Path> journals(Path journalDir) throws IOException {
        try (Stream<Path> files = Files.list(journalDir)) {
            return files.filter(f -> f.toString().endsWith(".jsonl")).toList();
        }
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
