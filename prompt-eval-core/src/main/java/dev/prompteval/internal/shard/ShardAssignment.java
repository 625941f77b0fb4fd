package dev.prompteval.internal.shard;

import dev.prompteval.dataset.Row;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Which shard a row belongs to, the same on every JVM, OS and locale: the first 8 bytes of SHA-256 over the UTF-8
 * bytes of the row's key, read as an unsigned big-endian integer, modulo N, plus 1. The key is the row's
 * {@code __cluster} when it has one (so a cluster is never split: its rows are correlated and belong together) and
 * its {@code __id} otherwise. {@code String.hashCode} would do on one JVM, but it is not a documented contract and
 * spreads short similar ids poorly; a cryptographic hash spreads any ids evenly and anyone can recompute it
 * ({@code python3 -c "import hashlib; print(int.from_bytes(hashlib.sha256(b'gr-01').digest()[:8], 'big') % 3 + 1)"}).
 */
public final class ShardAssignment {
    /** Names this scheme in shard files, so that files assigned by another scheme are never merged. */
    public static final String SCHEME = "sha256-first8-unsigned-mod-n+1";

    private ShardAssignment() {
    }

    /** The key the row is assigned by: its cluster, else its id. */
    public static String key(Row row) {
        return row.cluster() != null && !row.cluster().isBlank() ? row.cluster() : row.id();
    }

    /** The row's shard, 1..total. */
    public static int shardOf(Row row, int total) {
        return shardOf(key(row), total);
    }

    /** The shard of a key, 1..total. */
    public static int shardOf(String key, int total) {
        if (total < 1) throw new IllegalArgumentException("total must be at least 1, was " + total);
        long head = ByteBuffer.wrap(sha256(key.getBytes(StandardCharsets.UTF_8)), 0, 8).getLong();
        return (int) Long.remainderUnsigned(head, total) + 1;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
