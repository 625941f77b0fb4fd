package dev.prompteval.internal.run;

import dev.prompteval.internal.dataset.RowIdHash;

/**
 * Where each (row, sample) that an earlier run completed lies in its journal: the byte offset and length of the line,
 * in primitive arrays (about 40 bytes a result, against about a kilobyte for the decoded result), so that resuming a
 * run of a million rows does not hold a million results in the heap. Keys are 64-bit hashes of (row id, sample): a
 * reader decodes the line and checks that it is the result asked for, so a collision can only cause one sample to be
 * run again, never a wrong result. Not thread-safe while being filled; reads of a filled index are.
 */
final class JournalIndex {
    private static final long EMPTY = 0;
    private static final long REMOVED = 1;

    private long[] hashes = new long[64];
    private long[] offsets = new long[64];
    private int[] lengths = new int[64];
    private int size;
    private int used; // slots not EMPTY (live and removed), which bound the probe sequences

    /** Records the line of (row, sample), replacing an earlier one. */
    void put(String rowId, int sample, long offset, int length) {
        if ((used + 1) * 2 > hashes.length) grow();
        long hash = hash(rowId, sample);
        int mask = hashes.length - 1;
        int free = -1;
        for (int i = slot(hash, mask); ; i = (i + 1) & mask) {
            long h = hashes[i];
            if (h == hash) {
                offsets[i] = offset;
                lengths[i] = length;
                return;
            }
            if (h == REMOVED && free < 0) free = i;
            if (h == EMPTY) {
                if (free < 0) {
                    free = i;
                    used++;
                }
                hashes[free] = hash;
                offsets[free] = offset;
                lengths[free] = length;
                size++;
                return;
            }
        }
    }

    /** Forgets (row, sample): a later line said it errored, so it is run again. */
    void remove(String rowId, int sample) {
        int i = find(hash(rowId, sample));
        if (i < 0) return;
        hashes[i] = REMOVED;
        size--;
    }

    /** Where (row, sample)'s line lies, or null; the line may belong to another key with the same hash. */
    Line line(String rowId, int sample) {
        int i = find(hash(rowId, sample));
        return i < 0 ? null : new Line(offsets[i], lengths[i]);
    }

    int size() {
        return size;
    }

    private int find(long hash) {
        int mask = hashes.length - 1;
        for (int i = slot(hash, mask); ; i = (i + 1) & mask) {
            long h = hashes[i];
            if (h == hash) return i;
            if (h == EMPTY) return -1;
        }
    }

    private void grow() {
        long[] oldHashes = hashes;
        long[] oldOffsets = offsets;
        int[] oldLengths = lengths;
        int capacity = size * 4 > oldHashes.length ? oldHashes.length * 2 : oldHashes.length;
        hashes = new long[capacity];
        offsets = new long[capacity];
        lengths = new int[capacity];
        used = 0;
        size = 0;
        int mask = capacity - 1;
        for (int j = 0; j < oldHashes.length; j++) {
            long hash = oldHashes[j];
            if (hash == EMPTY || hash == REMOVED) continue;
            int i = slot(hash, mask);
            while (hashes[i] != EMPTY) i = (i + 1) & mask;
            hashes[i] = hash;
            offsets[i] = oldOffsets[j];
            lengths[i] = oldLengths[j];
            used++;
            size++;
        }
    }

    private static int slot(long hash, int mask) {
        return (int) (hash ^ (hash >>> 32)) & mask;
    }

    /** The row id's and sample's hash ({@link RowIdHash}), moved off the two values that mark free slots. */
    static long hash(String rowId, int sample) {
        long h = RowIdHash.of(rowId, sample);
        return h == EMPTY || h == REMOVED ? h + 2 : h;
    }

    /** A line of the journal: its first byte and its length without the line end. */
    record Line(long offset, int length) {
    }
}
