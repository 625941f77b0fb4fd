package dev.prompteval.internal.suite;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A suite of 60,000 rows x 2 versions runs, is decided and reported in a child JVM held to {@code -Xmx64m}. Held in
 * memory, each (row, version) took about 2 KB (the row, its variables, the rendered prompt, the output, the score and
 * its reasons): 240 MB for these rows, so a child that finishes shows that runs, statistics, gate and reports keep
 * compact per-row figures and the rows they list, not every row. Tagged {@code slow} (it runs 120,000 samples).
 */
@Tag("slow")
class LargeSuiteMemoryTest {
    private static final int ROWS = 60_000;

    @TempDir
    Path dir;

    @Test
    void aLargeSuiteRunsDecidesAndReportsInA64MbHeap() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(java.toString(), "-Xmx64m", "-XX:+UseSerialGC",
                "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=" + dir, "-cp", System.getProperty("java.class.path"),
                LargeSuiteChild.class.getName(), dir.resolve("project").toString(), String.valueOf(ROWS))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // A guard against a hung child, not a performance assertion.
        boolean exited = child.waitFor(10, TimeUnit.MINUTES);
        if (!exited) child.destroyForcibly();
        String output = Files.readString(log, StandardCharsets.UTF_8);

        assertThat(exited).as("child JVM still running after 10 minutes; output:%n%s", output).isTrue();
        assertThat(child.exitValue()).as("child JVM output:%n%s", output).isZero();
        // The candidate gets every row right where the baseline misses one in four: a clear improvement.
        assertThat(output.lines().toList()).as(output).containsSubsequence(List.of(
                "decision=PASS",
                "candidate rows=" + ROWS + ", baseline rows=" + ROWS));
        assertThat(output).doesNotContain("missing");
        Path html = dir.resolve("project/target/report.html");
        assertThat(Files.readString(html)).contains((ROWS - 1000) + " more rows, all passing or unchanged, are not"
                + " listed.");
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no scratch file left behind")
                    .noneMatch(name -> name.startsWith("prompt-eval-rows-"));
        }
    }
}
