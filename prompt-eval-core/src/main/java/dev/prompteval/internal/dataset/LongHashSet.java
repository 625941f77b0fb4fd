package dev.prompteval.internal.dataset;

/**
 * A set of longs stored in plain {@code long[]}s (open addressing, linear probing): 8 to 16 bytes per element
 * instead of the ~60 a {@code HashSet<Long>} costs, so a million ids fit a small heap. The table is split into
 * shards that grow one at a time, so growing never needs the old and the new copy of the whole table at once.
 */
final class LongHashSet {
    private static final int SHARD_BITS = 6;
    private static final double MAX_LOAD = 0.7;

    private final long[][] shards = new long[1 << SHARD_BITS][];
    private final int[] sizes = new int[1 << SHARD_BITS];
    /** Zero marks a free slot, so zero itself is a flag. */
    private boolean containsZero;

    LongHashSet() {
        for (int i = 0; i < shards.length; i++) shards[i] = new long[16];
    }

    /** @return true when {@code value} was not in the set yet */
    boolean add(long value) {
        if (value == 0) {
            boolean added = !containsZero;
            containsZero = true;
            return added;
        }
        long mixed = value * 0x9E3779B97F4A7C15L; // callers' values need not be well distributed
        int shard = (int) (mixed >>> (64 - SHARD_BITS));
        if (sizes[shard] + 1 > shards[shard].length * MAX_LOAD) shards[shard] = grown(shards[shard]);
        if (!insert(shards[shard], value, (int) mixed)) return false;
        sizes[shard]++;
        return true;
    }

    int size() {
        int size = containsZero ? 1 : 0;
        for (int s : sizes) size += s;
        return size;
    }

    private static boolean insert(long[] table, long value, int slotHash) {
        int mask = table.length - 1;
        int i = slotHash & mask;
        while (table[i] != 0) {
            if (table[i] == value) return false;
            i = (i + 1) & mask;
        }
        table[i] = value;
        return true;
    }

    private static long[] grown(long[] table) {
        long[] bigger = new long[table.length * 2];
        for (long value : table) {
            if (value != 0) insert(bigger, value, (int) (value * 0x9E3779B97F4A7C15L));
        }
        return bigger;
    }
}
