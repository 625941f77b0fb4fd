package dev.prompteval.internal.run;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class JournalIndexTest {
    @Test
    void agreesWithAMapThroughPutsReplacementsRemovalsAndGrowth() {
        var random = new Random(20261202L);
        var index = new JournalIndex();
        var model = new HashMap<String, JournalIndex.Line>();
        for (int step = 0; step < 200_000; step++) {
            String row = "r" + random.nextInt(30_000);
            int sample = random.nextInt(3);
            String key = row + "#" + sample;
            if (random.nextInt(5) == 0) {
                index.remove(row, sample);
                model.remove(key);
            } else {
                var line = new JournalIndex.Line(random.nextLong() & Long.MAX_VALUE, random.nextInt(1 << 20));
                index.put(row, sample, line.offset(), line.length());
                model.put(key, line);
            }
        }
        assertThat(index.size()).isEqualTo(model.size());
        for (int r = 0; r < 30_000; r++) {
            for (int sample = 0; sample < 3; sample++) {
                assertThat(index.line("r" + r, sample)).as("r%d#%d", r, sample).isEqualTo(model.get("r" + r + "#"
                        + sample));
            }
        }
        assertThat(index.line("absent", 0)).isNull();
    }

    @Test
    void removalsAloneDoNotFillTheTable() {
        // a row that keeps erroring is removed and put again: the slots of removed keys are reused
        var index = new JournalIndex();
        for (int i = 0; i < 100_000; i++) {
            index.put("r" + i, 0, i, 1);
            index.remove("r" + i, 0);
        }
        assertThat(index.size()).isZero();
        index.put("kept", 0, 7, 3);
        assertThat(index.line("kept", 0)).isEqualTo(new JournalIndex.Line(7, 3));
        assertThat(index.line("r5", 0)).isNull();
    }

    @Test
    void theSampleAndEveryCharacterOfTheIdCount() {
        var seen = new HashMap<Long, String>();
        for (String id : new String[] {"", "a", "b", "ab", "ba", "a\u0000", "\u0000a", "r1", "r10", "r01", "中"}) {
            for (int sample = 0; sample < 4; sample++) {
                String previous = seen.put(JournalIndex.hash(id, sample), id + "#" + sample);
                assertThat(previous).as("%s#%d", id, sample).isNull();
            }
        }
        assertThat(seen.keySet()).doesNotContain(0L, 1L);
    }
}
