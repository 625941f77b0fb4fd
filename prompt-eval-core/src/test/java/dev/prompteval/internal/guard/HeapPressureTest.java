package dev.prompteval.internal.guard;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The heap is too small only when a whole window was spent collecting with the old generation still full. */
class HeapPressureTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long MAX = 256L << 20;

    @Test
    void aFullOldGenerationCollectedBackToBackForTheWholeWindowIsTooSmall() {
        var pressure = new HeapPressure();
        String why = null;
        for (int s = 0; s <= 5 && why == null; s++) {
            // 900 ms of every second collecting; 98% of the old generation still in use afterwards
            why = pressure.add(new HeapPressure.Reading(s * SECOND, s * 900L, (long) (MAX * 0.98), MAX));
            if (s < 5) assertThat(why).as("before the window is covered, at %d s", s).isNull();
        }

        assertThat(why).isEqualTo("98% of the old generation stays in use after garbage collection and the JVM spent"
                + " 90% of the last 5 s collecting");
    }

    @Test
    void muchCollectingWithRoomLeftIsFine() {
        var pressure = new HeapPressure();
        for (int s = 0; s <= 30; s++) {
            assertThat(pressure.add(new HeapPressure.Reading(s * SECOND, s * 900L, (long) (MAX * 0.6), MAX))).isNull();
        }
    }

    @Test
    void aFullHeapThatIsRarelyCollectedIsFine() {
        var pressure = new HeapPressure();
        for (int s = 0; s <= 30; s++) {
            assertThat(pressure.add(new HeapPressure.Reading(s * SECOND, s * 100L, (long) (MAX * 0.95), MAX))).isNull();
        }
    }

    @Test
    void theWindowSlides() {
        var pressure = new HeapPressure();
        long gcMillis = 0;
        int trippedAt = -1;
        // 30 s of calm, then collecting all the time: over the last 5 s that is more than half the time 3 s later;
        // over the whole span since the start it would take until 60 s.
        for (int s = 0; s <= 60 && trippedAt < 0; s++) {
            if (s > 30) gcMillis += 1000;
            if (pressure.add(new HeapPressure.Reading(s * SECOND, gcMillis, (long) (MAX * 0.97), MAX)) != null) {
                trippedAt = s;
            }
        }
        assertThat(trippedAt).isEqualTo(33);
    }

    @Test
    void aFullCollectionThatLeavesTheHeapNearlyFullIsTooSmall() {
        assertThat(HeapPressure.afterFullCollection(250L << 20, MAX)).isEqualTo("a full garbage collection left 250 of"
                + " 256 MiB in use");
        assertThat(HeapPressure.afterFullCollection(200L << 20, MAX)).isNull();
    }
}
