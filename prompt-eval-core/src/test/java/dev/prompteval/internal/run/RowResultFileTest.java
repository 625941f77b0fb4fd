package dev.prompteval.internal.run;

import dev.prompteval.dataset.Assertion;
import dev.prompteval.dataset.Row;
import dev.prompteval.internal.score.RowScore;
import dev.prompteval.provider.Usage;
import dev.prompteval.score.AssertionResult;
import dev.prompteval.score.Score;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RowResultFileTest {
    @TempDir
    Path dir;

    private static RowResult full(int i) {
        Assertion equals = new Assertion("equals", false, null, "answer " + i, 1.0, "__expected");
        Assertion similar = new Assertion("similar", true, 0.8, "", 2.5, "suite assertion 1");
        var variables = new LinkedHashMap<String, String>();
        variables.put("question", "What is " + i + "? ünïcødé ✓ \uD83D\uDE00");
        variables.put("empty", "");
        Row row = new Row("r" + i, i + 1, i + 2, variables, List.of(equals, similar), "row " + i, "accuracy", 0.75,
                Map.of("source", "ticket"), Set.of("billing"), "cluster-" + (i % 3));
        // A long output (past one 64 KB chunk of modified UTF-8) with a lone surrogate, which UTF-8 would replace.
        String output = "x".repeat(70_000) + "\uD800 end";
        var score = new RowScore(0.1 + 0.2, false, "1 of 2 assertions passed",
                List.of(new AssertionResult(equals, new Score(1.0, true, "equal")),
                        new AssertionResult(similar, new Score(1.0 / 3, false, "too close"))),
                Map.of("accuracy", 0.3, "fluency", 2.0 / 3));
        return new RowResult(row, List.of(
                new SampleResult("r" + i, 0, output, score, null, new Usage(19, 7, 1.25e-6), 42, false),
                SampleResult.notEvaluated("r" + i, 1, "HTTP 429 after 3 attempts", "rate limit (HTTP 429)", 17),
                new SampleResult("r" + i, 2, null, null, "template rendering failed", null, 0, true)));
    }

    private static RowResult bare(int i) {
        Row row = new Row(String.valueOf(i), i, i + 1, Map.of(), List.of(), null, null, null, Map.of(), Set.of(),
                null);
        return new RowResult(row, List.of());
    }

    @Test
    void rowsReadBackEqualTheRowsWrittenInRowOrderWhateverOrderTheyWereWrittenIn() {
        RowResultFile file = RowResultFile.create(dir);
        file.put(3, full(3));
        file.put(0, bare(0));
        file.put(2000, full(2000)); // past the first index table
        file.put(1, full(1));

        List<RowResult> rows = file.rows();

        assertThat(rows).containsExactly(bare(0), full(1), full(3), full(2000));
        assertThat(rows.get(1).samples().get(0).score().score()).isEqualTo(0.1 + 0.2); // bit for bit
        assertThat(rows.get(2).samples().get(0).output()).endsWith("\uD800 end").hasSize(70_005);
    }

    @Test
    void goingThroughTheRowsInBlocksGivesEveryRowInOrderWhereverItLiesInTheFile() {
        RowResultFile file = RowResultFile.create(dir);
        // Written as rows finish: mostly in order, neighbours swapped, now and then one far ahead or behind, and some
        // rows larger than the reader's window.
        int rows = 3_000;
        var order = new ArrayList<Integer>();
        for (int i = 0; i < rows; i += 10) {
            var block = new ArrayList<Integer>();
            for (int j = i; j < i + 10; j++) block.add(j);
            java.util.Collections.reverse(block);
            order.addAll(block);
        }
        java.util.Collections.swap(order, 5, 2_500);
        for (int i : order) file.put(i, i % 500 == 7 ? full(i) : medium(i));

        List<RowResult> read = file.rows();

        var expected = new ArrayList<RowResult>();
        for (int i = 0; i < rows; i++) expected.add(i % 500 == 7 ? full(i) : medium(i));
        var iterated = new ArrayList<RowResult>();
        read.forEach(iterated::add);
        assertThat(iterated).isEqualTo(expected);
        assertThat(read.stream().map(RowResult::id).toList())
                .isEqualTo(expected.stream().map(RowResult::id).toList());
        assertThat(read.get(2_507)).isEqualTo(expected.get(2_507));
    }

    private static RowResult medium(int i) {
        Row row = new Row("m" + i, i, i + 1, Map.of("text", "row " + i + " " + "y".repeat(i % 900)), List.of(), null,
                null, null, Map.of(), Set.of(), null);
        return new RowResult(row, List.of(new SampleResult("m" + i, 0, "output " + i, null, null, null, 3, false)));
    }

    @Test
    void theScratchFileLeavesNothingInItsFolder() throws Exception {
        RowResultFile file = RowResultFile.create(dir);
        file.put(0, full(0));

        assertThat(file.rows().get(0)).isEqualTo(full(0));
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).as("removed from the folder once open (POSIX)").isEmpty();
        }
    }

    @Test
    void aRowIsWrittenOnceAndTheListCannotBeChanged() {
        RowResultFile file = RowResultFile.create(dir);
        file.put(0, bare(0));

        assertThatThrownBy(() -> file.put(0, bare(0))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("row 0 was written twice");
        assertThatThrownBy(() -> file.rows().add(bare(1))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> file.rows().get(1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void aRunResultKeepsTheRowsOfTheFileAsTheyAreAndCopiesAnyOtherList() {
        RowResultFile file = RowResultFile.create(dir);
        file.put(0, full(0));
        List<RowResult> fromFile = file.rows();
        var plain = new ArrayList<>(List.of(full(0)));

        assertThat(result(fromFile).rows()).isSameAs(fromFile);
        assertThat(result(plain).rows()).isNotSameAs(plain).isEqualTo(plain).isEqualTo(fromFile);
    }

    private static RunResult result(List<RowResult> rows) {
        return new RunResult("s", "p", "file:p.json", null, "sha256:c", "sha256:d",
                new dev.prompteval.template.ModelSpec("openai", "gpt-4o-mini", Map.of()), rows, true);
    }
}
