package dev.prompteval.dataset;

/**
 * A set of longs in one {@code long[]} (open addressing, linear probing): 8 to 16 bytes per element instead of the
 * ~60 a {@code HashSet<Long>} costs, so a million ids fit a small heap. Zero marks a free slot, so zero is stored
 * as a separate flag.
 */
final class LongHashSet {
    private static final double MAX_LOAD = 0.7;

    private long[] slots = new long[1 << 10];
    private int size;
    private boolean containsZero;

    /** @return true when {@code value} was not in the set yet */
    boolean add(long value) {
        if (value == 0) {
            boolean added = !containsZero;
            containsZero = true;
            return added;
        }
        if (size + 1 > slots.length * MAX_LOAD) grow();
        if (!insert(slots, value)) return false;
        size++;
        return true;
    }

    private static boolean insert(long[] table, long value) {
        int mask = table.length - 1;
        int i = spread(value) & mask;
        while (table[i] != 0) {
            if (table[i] == value) return false;
            i = (i + 1) & mask;
        }
        table[i] = value;
        return true;
    }

    private void grow() {
        long[] bigger = new long[slots.length * 2];
        for (long value : slots) {
            if (value != 0) insert(bigger, value);
        }
        slots = bigger;
    }

    /** Mixes high bits into the slot index, since callers' values need not be well distributed. */
    private static int spread(long value) {
        long h = value * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    int size() {
        return size + (containsZero ? 1 : 0);
    }
}
