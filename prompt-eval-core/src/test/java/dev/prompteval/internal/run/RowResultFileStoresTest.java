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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A run's rows kept in memory, written to the scratch file from the first row, or written there once they outgrow
 * the memory budget part way through, read back the same; and the budget is taken and given back as rows come and
 * go.
 */
class RowResultFileStoresTest {
    private static final int ROWS = 1_200;

    @TempDir
    Path dir;

    /** Rows of varied shape: some large (past a 64 KB chunk), some without samples, scores that are not round. */
    private static RowResult row(int i) {
        var variables = new LinkedHashMap<String, String>();
        variables.put("question", "What is " + i + "? ünïcødé ✓ \uD83D\uDE00");
        variables.put("pad", "y".repeat(i % 700));
        Assertion equals = new Assertion("equals", i % 2 == 0, null, "answer " + i, 1.0, "__expected");
        Row row = new Row("r" + i, i + 1, i + 2, variables, List.of(equals), i % 3 == 0 ? null : "row " + i,
                i % 5 == 0 ? "accuracy" : null, i % 7 == 0 ? 0.75 : null, Map.of("n", String.valueOf(i)),
                i % 4 == 0 ? Set.of("billing") : Set.of(), i % 6 == 0 ? "c" + i % 11 : null);
        if (i % 97 == 3) return new RowResult(row, List.of());
        String output = i % 250 == 1 ? "x".repeat(70_000) + "\uD800" : "answer " + i;
        var score = new RowScore((i % 7) / 7.0, i % 3 != 0, "reason " + i,
                List.of(new AssertionResult(equals, new Score((i % 7) / 7.0, i % 3 != 0, "equal " + i))),
                i % 5 == 0 ? Map.of("accuracy", 1.0 / (i + 3)) : Map.of());
        return new RowResult(row, List.of(
                new SampleResult("r" + i, 0, output, score, null, new Usage(19, 7, 1.25e-6 * i), 42 + i, i % 8 == 0),
                SampleResult.notEvaluated("r" + i, 1, "HTTP 429 after 3 attempts", "rate limit (HTTP 429)", 17)));
    }

    /** Writes the rows in a shuffled order, as a run's rows finish, from several threads at once. */
    private static RowResultFile written(RowResultFile file) throws InterruptedException {
        var order = new ArrayList<Integer>();
        for (int i = 0; i < ROWS; i++) order.add(i);
        Collections.shuffle(order, new Random(7));
        var threads = new ArrayList<Thread>();
        for (int t = 0; t < 4; t++) {
            List<Integer> mine = order.subList(t * ROWS / 4, (t + 1) * ROWS / 4);
            Thread thread = new Thread(() -> mine.forEach(i -> file.put(i, row(i))));
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) thread.join();
        return file;
    }

    private static long encodedBytes() {
        long bytes = 0;
        for (int i = 0; i < ROWS; i++) bytes += RowResultCodec.encode(row(i)).length;
        return bytes;
    }

    @Test
    void rowsInMemoryOnDiskFromTheStartAndSpilledPartWayAreTheSameRows() throws Exception {
        var expected = new ArrayList<RowResult>();
        for (int i = 0; i < ROWS; i++) expected.add(row(i));
        long all = encodedBytes();

        RowResultFile held = written(RowResultFile.create(dir, new RowMemoryBudget(all)));
        RowResultFile onDisk = written(RowResultFile.create(dir, new RowMemoryBudget(0)));
        RowResultFile spilled = written(RowResultFile.create(dir, new RowMemoryBudget(all / 3)));

        assertThat(held.inMemory()).isTrue();
        assertThat(onDisk.inMemory()).isFalse();
        assertThat(spilled.inMemory()).isFalse();
        for (RowResultFile file : List.of(held, onDisk, spilled)) {
            List<RowResult> rows = file.rows();
            var iterated = new ArrayList<RowResult>();
            rows.forEach(iterated::add);
            assertThat(iterated).isEqualTo(expected);
            assertThat(rows.get(251)).isEqualTo(expected.get(251));
            assertThat(rows.get(251).samples().get(0).output()).hasSize(70_001).endsWith("\uD800");
            assertThat(rows.get(5).samples().get(0).usage().costUsd()).isEqualTo(1.25e-6 * 5); // bit for bit
            assertThat(rows.stream().map(RowResult::id).toList())
                    .isEqualTo(expected.stream().map(RowResult::id).toList());
        }
        assertThat(held.rows()).isEqualTo(onDisk.rows()).isEqualTo(spilled.rows());
    }

    @Test
    void rowsThatFitAreHandedOutAsTheyWereGivenWithoutEncodingThemBack() {
        RowResultFile file = RowResultFile.create(dir, new RowMemoryBudget(1 << 20));
        RowResult given = row(3);
        file.put(3, given);
        file.put(1, row(1));

        List<RowResult> rows = file.rows();

        assertThat(rows.get(1)).isSameAs(given);
        assertThat(rows).containsExactly(row(1), row(3));
        assertThat(file.has(3)).isTrue();
        assertThat(file.has(2)).isFalse();
        assertThatThrownBy(() -> file.put(3, row(3))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("row 3 was written twice");
        assertThatThrownBy(() -> rows.add(row(4))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> rows.get(2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(new RunResult("s", "p", "file:p.json", null, "sha256:c", "sha256:d", null, rows, true).rows())
                .isSameAs(rows);
    }

    @Test
    void heldRowsTakeTheirEncodedSizeFromTheBudgetAndGiveItBackWhenWrittenToDisk() {
        long first = RowResultCodec.encode(row(0)).length;
        long second = RowResultCodec.encode(row(1)).length;
        var budget = new RowMemoryBudget(first + second + 10);
        RowResultFile file = RowResultFile.create(dir, budget);

        file.put(0, row(0));
        file.put(1, row(1));
        assertThat(budget.free()).isEqualTo(10);
        assertThat(file.inMemory()).isTrue();

        file.put(2, row(2)); // does not fit: every row goes to the file, and the budget is free again
        assertThat(file.inMemory()).isFalse();
        assertThat(budget.free()).isEqualTo(first + second + 10);
        assertThat(file.rows()).containsExactly(row(0), row(1), row(2));

        file.put(3, row(3)); // a file that spilled stays on disk
        assertThat(budget.free()).isEqualTo(first + second + 10);
        assertThat(file.rows()).hasSize(4);
    }

    @Test
    void aListOfHeldRowsKeepsTheirShareWhileItIsReachableAndTheBudgetIsSharedByEveryFile() {
        long size = RowResultCodec.encode(row(0)).length;
        var budget = new RowMemoryBudget(size + 1);
        RowResultFile one = RowResultFile.create(dir, budget);
        RowResultFile other = RowResultFile.create(dir, budget);
        one.put(0, row(0));
        List<RowResult> handedOut = one.rows();

        other.put(0, row(0)); // the budget is taken by the first file's row
        assertThat(other.inMemory()).isFalse();
        one.put(1, row(1));

        assertThat(one.inMemory()).isFalse();
        assertThat(budget.free()).as("the list handed out still holds its row").isEqualTo(1);
        assertThat(handedOut).containsExactly(row(0));
        assertThat(one.rows()).containsExactly(row(0), row(1));
    }

    @Test
    void aBudgetGivesOnlyWhatIsFreeAndCannotBeNegative() {
        var budget = new RowMemoryBudget(100);
        assertThat(budget.tryTake(60)).isTrue();
        assertThat(budget.tryTake(41)).isFalse();
        assertThat(budget.tryTake(40)).isTrue();
        budget.give(100);
        assertThat(budget.free()).isEqualTo(100);
        assertThatThrownBy(() -> new RowMemoryBudget(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(RowMemoryBudget.SHARED.free()).isLessThanOrEqualTo(16L << 20);
    }

    @Test
    void aSpilledFileLeavesNothingInItsFolder() throws Exception {
        RowResultFile file = RowResultFile.create(dir, new RowMemoryBudget(0));
        file.put(0, row(0));

        assertThat(file.rows().get(0)).isEqualTo(row(0));
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).as("removed from the folder once open (POSIX)").isEmpty();
        }
    }
}
