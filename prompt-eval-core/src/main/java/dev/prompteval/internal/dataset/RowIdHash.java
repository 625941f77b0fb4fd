package dev.prompteval.internal.dataset;

/**
 * 64-bit hashes of row ids, for the structures that keep a hash per row instead of the id (repeated ids in a
 * dataset, a run journal's index): FNV-1a over the UTF-16 code units, finished with MurmurHash3's fmix64 for good
 * avalanche. Such a structure must still compare the ids (or the rows) behind equal hashes.
 */
public final class RowIdHash {
    private static final long OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private RowIdHash() {
    }

    /** The hash of a row id. */
    public static long of(String id) {
        return fmix64(fnv(id));
    }

    /** The hash of one sample of a row: the sample number follows the id's chars, above any char value. */
    public static long of(String id, int sample) {
        return fmix64((fnv(id) ^ (0x10000L + sample)) * PRIME);
    }

    private static long fnv(String id) {
        long h = OFFSET_BASIS;
        for (int i = 0; i < id.length(); i++) {
            h ^= id.charAt(i);
            h *= PRIME;
        }
        return h;
    }

    private static long fmix64(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
