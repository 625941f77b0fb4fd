package dev.prompteval.internal.shard;

import dev.prompteval.dataset.Row;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShardAssignmentTest {

    /**
     * Pinned so that a change of hash (or of how its bytes are read) cannot pass unnoticed: shards made by one
     * prompt-eval version must merge with those of another. Computed independently with Python 3's hashlib:
     * {@code int.from_bytes(hashlib.sha256(key.encode('utf-8')).digest()[:8], 'big') % n + 1}.
     */
    @Test
    void rowsAreAssignedByTheFirstEightBytesOfSha256AsPythonComputesThem() {
        // key -> shard for N = 2, 3, 4, 7
        Map<String, int[]> expected = Map.of(
                "gr-01", new int[] {1, 3, 1, 2},
                "gr-02", new int[] {1, 2, 1, 6},
                "tk-001", new int[] {1, 2, 3, 3},
                "thread-7", new int[] {2, 2, 4, 4},
                "1", new int[] {2, 2, 2, 3},
                "h\u00e9llo", new int[] {2, 2, 2, 1},
                "row 42", new int[] {1, 3, 3, 5});
        int[] totals = {2, 3, 4, 7};
        expected.forEach((key, shards) -> {
            for (int i = 0; i < totals.length; i++) {
                assertThat(ShardAssignment.shardOf(key, totals[i])).as("%s of %d", key, totals[i])
                        .isEqualTo(shards[i]);
            }
        });
    }

    @Test
    void aRowGoesByItsClusterSoThatAClusterIsNeverSplit() {
        Row first = row("a-1", "thread-7");
        Row second = row("zz-99", "thread-7");
        Row alone = row("thread-7", null);

        assertThat(ShardAssignment.key(first)).isEqualTo("thread-7");
        for (int total = 2; total <= 9; total++) {
            assertThat(ShardAssignment.shardOf(first, total)).isEqualTo(ShardAssignment.shardOf(second, total))
                    .isEqualTo(ShardAssignment.shardOf(alone, total));
        }
        assertThat(ShardAssignment.key(row("b-2", " "))).as("a blank cluster is no cluster").isEqualTo("b-2");
    }

    @Test
    void everyShardOfOneSplitHoldsAFairShareAndTogetherAllRows() {
        int[] counts = new int[4];
        for (int i = 0; i < 4000; i++) counts[ShardAssignment.shardOf("row-" + i, 4) - 1]++;
        for (int count : counts) assertThat(count).isBetween(880, 1120);
        assertThat(counts[0] + counts[1] + counts[2] + counts[3]).isEqualTo(4000);
    }

    @Test
    void theShardIsReadFromThePropertyElseFromGitLabsParallelJobs() {
        var problems = new java.util.ArrayList<String>();
        Map<String, String> gitlab = Map.of("CI_NODE_INDEX", "2", "CI_NODE_TOTAL", "5");

        assertThat(Shard.configured(Map.of("promptEval.shard", "3/4")::get, gitlab::get, problems))
                .contains(new Shard(3, 4));
        assertThat(Shard.configured(Map.<String, String>of()::get, gitlab::get, problems)).contains(new Shard(2, 5));
        assertThat(Shard.configured(Map.of("promptEval.shard", "none")::get, gitlab::get, problems)).isEmpty();
        assertThat(Shard.configured(Map.<String, String>of()::get, Map.of("CI_NODE_TOTAL", "1")::get, problems))
                .as("a GitLab job without parallel:").isEmpty();
        assertThat(Shard.configured(Map.<String, String>of()::get, Map.<String, String>of()::get, problems)).isEmpty();
        assertThat(problems).isEmpty();

        assertThat(Shard.configured(Map.of("promptEval.shard", "4/3")::get, gitlab::get, problems)).isEmpty();
        assertThat(Shard.configured(Map.<String, String>of()::get, Map.of("CI_NODE_INDEX", "x", "CI_NODE_TOTAL",
                "3")::get, problems)).isEmpty();
        assertThat(problems).containsExactly(
                "promptEval.shard '4/3' is not a shard; use I/N with 1 <= I <= N, e.g. 2/4 for the second of four"
                        + " jobs (or none for no sharding)",
                "CI_NODE_INDEX/CI_NODE_TOTAL 'x/3' is not a shard; use I/N with 1 <= I <= N, e.g. 2/4 for the"
                        + " second of four jobs (or none for no sharding); set promptEval.shard to override them");
    }

    @Test
    void aShardIsOneToN() {
        assertThat(Shard.parse(" 2 / 4 ", "x")).isEqualTo(new Shard(2, 4));
        assertThat(new Shard(2, 4).fileName()).isEqualTo("shard-2-of-4.json");
        for (String bad : List.of("0/3", "1/0", "2", "a/b", "-1/3", "1/2/3")) {
            assertThatThrownBy(() -> Shard.parse(bad, "promptEval.shard")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("promptEval.shard '" + bad + "' is not a shard");
        }
        assertThat(new Shard(1, 1).holds(row("any", null))).as("one shard holds every row").isTrue();
    }

    private static Row row(String id, String cluster) {
        return new Row(id, 1, 2, Map.of(), List.of(), null, null, null, Map.of(), Set.of(), cluster);
    }
}
