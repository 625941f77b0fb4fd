package dev.prompteval.internal.dataset;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A generated 1,000,000-row CSV streams through validation in a JVM held to {@code -Xmx64m}: the whole file is
 * ~45 MB on disk and its rows as objects would need several hundred MB, so a child JVM that finishes proves
 * validation does not hold rows. Tagged {@code slow} so it can be excluded with {@code -DexcludedGroups=slow}.
 */
@Tag("slow")
class MillionRowValidationTest {
    private static final int ROWS = 1_000_000;

    @TempDir
    Path dir;

    @Test
    void millionRowCsvValidatesInA64MbHeap() throws Exception {
        Path csv = dir.resolve("million.csv");
        try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            out.write("__id,question,__expected,__tags\n");
            for (int i = 1; i <= ROWS; i++) {
                out.write("r" + i + ",What is " + i + " plus one?,contains:" + (i + 1) + ",smoke\n");
            }
            // Two problems at the very end: only a full pass finds them.
            out.write("r17,Again?,contains:x,\n");            // line 1,000,002
            out.write("r-last,Last?,containz:y,\n");          // line 1,000,003
        }

        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-Xmx64m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), MillionRowValidation.class.getName(), csv.toString())
                .redirectErrorStream(true)
                .start();
        // A guard against a hung child, not a performance assertion.
        boolean exited = child.waitFor(10, TimeUnit.MINUTES);
        if (!exited) child.destroyForcibly();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(exited).as("child JVM still running after 10 minutes; output:%n%s", output).isTrue();
        assertThat(child.exitValue()).as("child JVM output:%n%s", output).isZero();
        assertThat(output.lines().toList()).containsSubsequence(List.of(
                "rows=1000002",
                "problems=2",
                "data.csv:1000002:1: duplicate __id \"r17\": line 18 has it too; give every row its own id (ids pair"
                        + " baseline and candidate results)",
                "data.csv:1000003:3: unknown assertion type \"containz\" in column __expected; valid types: "
                        + String.join(", ", Fixtures.NAMES) + " (each may start with not-), or java:<class> for a"
                        + " custom scorer; to expect the text literally, write \"equals:containz:y\"",
                "maxHeapMiB=" + maxHeapMib(output)));
        assertThat(maxHeapMib(output)).isLessThanOrEqualTo(64);
    }

    private static long maxHeapMib(String output) {
        return output.lines().filter(l -> l.startsWith("maxHeapMiB=")).mapToLong(l -> Long.parseLong(l.substring(11)))
                .findFirst().orElse(Long.MAX_VALUE);
    }
}
