package dev.prompteval.internal.dataset;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DuplicateIdsTest {

    @Test
    void longHashSetAgreesWithHashSetAcrossGrowthIncludingZero() {
        var random = new Random(42);
        var expected = new HashSet<Long>();
        var set = new LongHashSet();
        for (int i = 0; i < 200_000; i++) {
            // Small values repeat often; large ones rarely: both add paths are exercised.
            long value = i % 3 == 0 ? random.nextInt(1_000) : random.nextLong();
            assertThat(set.add(value)).isEqualTo(expected.add(value));
        }
        assertThat(set.add(0)).isEqualTo(expected.add(0L));
        assertThat(set.add(0)).isFalse();
        assertThat(set.size()).isEqualTo(expected.size());
    }

    @Test
    void repeatedIdsAreConfirmedInTheSecondPassWithTheFirstLine() {
        List<String> ids = List.of("a", "b", "a", "c", "b", "a");
        var duplicates = new DuplicateIds();
        ids.forEach(duplicates::add);
        assertThat(duplicates.anySuspect()).isTrue();

        DuplicateIds.SecondPass pass = duplicates.secondPass();
        long[] earlier = new long[ids.size()];
        for (int i = 0; i < ids.size(); i++) earlier[i] = pass.earlierLine(ids.get(i), i + 10);
        assertThat(earlier).containsExactly(-1, -1, 10, -1, 11, 10);
        assertThat(duplicates.unchecked()).isZero();
    }

    @Test
    void distinctIdsNeedNoSecondPass() {
        var duplicates = new DuplicateIds();
        for (int i = 0; i < 100_000; i++) duplicates.add("row-" + i);
        assertThat(duplicates.anySuspect()).isFalse();
    }

    @Test
    void repeatsBeyondTheCheckedLimitAreCounted() {
        var duplicates = new DuplicateIds();
        int repeated = DuplicateIds.MAX_CHECKED + 10;
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < repeated; i++) duplicates.add("id-" + i);
        }
        assertThat(duplicates.unchecked()).isEqualTo(10);
    }

    @Test
    void hashesOfDistinctShortIdsDoNotCollide() {
        Set<Long> hashes = new HashSet<>();
        for (int i = 0; i < 300_000; i++) hashes.add(RowIdHash.of(Integer.toString(i, 36)));
        assertThat(hashes).hasSize(300_000);
    }
}
