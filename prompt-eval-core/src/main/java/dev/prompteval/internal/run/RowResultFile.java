package dev.prompteval.internal.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.RandomAccess;
import java.util.Spliterator;
import java.util.Spliterators;

/**
 * The rows of one run, each handed over when its last sample is recorded: kept in memory while they fit in the
 * process's {@link RowMemoryBudget}, so that a run of a few thousand rows is never encoded back and forth; once they do
 * not, every row goes to a scratch file ({@link RowResultCodec}) and is read back when asked for, so that a run's
 * memory does not grow with its rows: the heap then holds two numbers per row (where its bytes start and how many
 * there are), not the row, its variables, outputs and assertion reasons. The rows read back equal the rows kept.
 *
 * <p>The scratch file sits beside the run journal (or in the system's temp folder without one) and is removed as soon
 * as it is opened where the platform allows it (the open channel keeps its content), else when it is closed; it is
 * closed once neither this file nor a list of its rows is reachable. Rows in memory give their share of the budget
 * back when they are written to disk, or once neither this file nor a list of them is reachable. Writing and reading
 * are thread-safe.
 */
final class RowResultFile {
    private static final Cleaner CLOSER = Cleaner.create(runnable -> {
        Thread thread = new Thread(runnable, "prompt-eval-row-file-closer");
        thread.setDaemon(true);
        return thread;
    });

    private final Storage storage;
    // By 0-based row index in dataset order, guarded by `this`: each written row's encoded length (0 for a row not
    // written), and where its bytes are in the file (-1 while it is in memory).
    private long[] offsets = new long[1024];
    private int[] lengths = new int[1024];
    // The rows while they are kept in memory, by index, and what they took from the budget; both null once written
    // to disk. Guarded by `this`.
    private RowResult[] held = new RowResult[1024];
    private Held holding;
    private boolean handedOut;
    private long end;
    private int written;

    private RowResultFile(Storage storage, RowMemoryBudget budget) {
        this.storage = storage;
        this.holding = new Held(budget);
        Arrays.fill(offsets, -1);
    }

    /**
     * Opens a scratch file in {@code folder}, or in the system's temp folder when it is null; rows are kept in memory
     * within the process's budget.
     *
     * @throws UncheckedIOException naming the folder when the file cannot be created
     */
    static RowResultFile create(Path folder) {
        return create(folder, RowMemoryBudget.SHARED);
    }

    /** As {@link #create(Path)}, keeping rows in memory within {@code budget}. */
    static RowResultFile create(Path folder, RowMemoryBudget budget) {
        Path file = null;
        try {
            if (folder != null) Files.createDirectories(folder);
            file = folder == null ? Files.createTempFile("prompt-eval-rows-", ".tmp")
                    : Files.createTempFile(folder, ".rows-", ".tmp");
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    StandardOpenOption.DELETE_ON_CLOSE);
            try {
                Files.deleteIfExists(file); // POSIX: gone from the folder now, even if the JVM is killed
            } catch (IOException stillOpen) {
                // Windows: removed when the channel closes
            }
            return new RowResultFile(new Storage(channel, file), budget);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch file for the run's rows in "
                    + (folder == null ? System.getProperty("java.io.tmpdir") : folder) + ": " + e
                    + "; check that the folder is writable and has space", e);
        }
    }

    /**
     * Records row {@code index}'s result. Each index is written at most once.
     *
     * @throws UncheckedIOException when the file cannot be written (disk full)
     */
    void put(int index, RowResult row) {
        byte[] bytes = RowResultCodec.encode(row);
        long at;
        synchronized (this) {
            if (index >= offsets.length) {
                int size = Math.max(index + 1, offsets.length * 2);
                int old = offsets.length;
                offsets = Arrays.copyOf(offsets, size);
                lengths = Arrays.copyOf(lengths, size);
                if (held != null) held = Arrays.copyOf(held, size);
                Arrays.fill(offsets, old, size, -1);
            }
            if (lengths[index] != 0) throw new IllegalStateException("row " + index + " was written twice");
            lengths[index] = bytes.length;
            written++;
            if (held != null && holding.claim.take(bytes.length)) {
                held[index] = row;
                return;
            }
            if (held != null) spill();
            at = end;
            end += bytes.length;
            offsets[index] = at;
        }
        storage.write(ByteBuffer.wrap(bytes), at);
    }

    /** Writes the rows kept in memory to the file, once: from now on every row goes there. */
    private void spill() {
        RowResult[] rows = held;
        Held was = holding;
        held = null;
        holding = null;
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] == null) continue;
            byte[] bytes = RowResultCodec.encode(rows[i]);
            offsets[i] = end;
            lengths[i] = bytes.length;
            storage.write(ByteBuffer.wrap(bytes), end);
            end += bytes.length;
        }
        // Rows no list holds are garbage now; a list handed out keeps them, and its share, until it goes.
        if (!handedOut) was.claim.release();
    }

    /** Whether row {@code index} has been written. */
    synchronized boolean has(int index) {
        return index < lengths.length && lengths[index] != 0;
    }

    /** Whether the rows are still kept in memory rather than in the file. */
    synchronized boolean inMemory() {
        return held != null;
    }

    /** The rows written so far, in index order; rows never written are left out. */
    synchronized List<RowResult> rows() {
        if (held != null) {
            RowResult[] rows = new RowResult[written];
            int n = 0;
            for (int i = 0; i < held.length && n < written; i++) if (held[i] != null) rows[n++] = held[i];
            handedOut = true;
            return new HeldRows(holding, rows);
        }
        long[] at = new long[written];
        int[] length = new int[written];
        int n = 0;
        for (int i = 0; i < offsets.length && n < written; i++) {
            if (lengths[i] == 0) continue;
            at[n] = offsets[i];
            length[n++] = lengths[i];
        }
        return new StoredRows(storage, at, length);
    }

    /**
     * Stands for rows kept in memory: their share of the budget goes back once neither the file nor a list of them
     * holds this.
     */
    private static final class Held {
        private final Claim claim;

        Held(RowMemoryBudget budget) {
            this.claim = new Claim(budget);
            CLOSER.register(this, claim::release);
        }
    }

    /** Encoded bytes taken from a budget, given back at most once. */
    private static final class Claim {
        private final RowMemoryBudget budget;
        private long bytes;
        private boolean released;

        Claim(RowMemoryBudget budget) {
            this.budget = budget;
        }

        synchronized boolean take(long more) {
            if (released || !budget.tryTake(more)) return false;
            bytes += more;
            return true;
        }

        synchronized void release() {
            if (released) return;
            released = true;
            budget.give(bytes);
            bytes = 0;
        }
    }

    /** The channel, shared by the writer and every list of rows; closed when none of them is reachable. */
    private static final class Storage {
        private final FileChannel channel;
        private final Path file;

        Storage(FileChannel channel, Path file) {
            this.channel = channel;
            this.file = file;
            CLOSER.register(this, () -> {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // a scratch file: nothing is lost
                }
            });
        }

        void write(ByteBuffer bytes, long at) {
            try {
                long position = at;
                while (bytes.hasRemaining()) position += channel.write(bytes, position);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the run's rows to the scratch file " + file + ": " + e
                        + "; check that the disk has space", e);
            } finally {
                Reference.reachabilityFence(this); // the closer must not close the channel while it is in use
            }
        }

        RowResult read(long at, int length) {
            ByteBuffer bytes = ByteBuffer.allocate(length);
            fill(bytes, at, length);
            return decode(bytes.array(), 0, length);
        }

        /** Reads from {@code at} into {@code bytes} until it holds at least {@code needed} bytes or the file ends. */
        void fill(ByteBuffer bytes, long at, int needed) {
            try {
                long position = at;
                while (bytes.position() < needed || bytes.hasRemaining()) {
                    int n = channel.read(bytes, position);
                    if (n < 0) {
                        if (bytes.position() >= needed) return;
                        throw new IOException("the file ends at " + position + ", before its row");
                    }
                    position += n;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read back a row of the run from the scratch file " + file
                        + ": " + e, e);
            } finally {
                Reference.reachabilityFence(this);
            }
        }

        RowResult decode(byte[] bytes, int offset, int length) {
            try {
                return RowResultCodec.decode(bytes, offset, length);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read back a row of the run from the scratch file " + file
                        + ": " + e, e);
            }
        }
    }

    /** An unmodifiable list of a run's rows, as {@link #rows} hands them out; a {@link RunResult} keeps it as it is. */
    abstract static class Rows extends AbstractList<RowResult> implements RandomAccess {
        private Rows() {
        }
    }

    /** The rows kept in memory. */
    private static final class HeldRows extends Rows {
        private final Held holding; // keeps the rows' share of the budget taken while the list is reachable
        private final RowResult[] rows;

        HeldRows(Held holding, RowResult[] rows) {
            this.holding = holding;
            this.rows = rows;
        }

        @Override
        public RowResult get(int index) {
            if (index < 0 || index >= rows.length) {
                throw new IndexOutOfBoundsException("row " + index + " of " + rows.length);
            }
            return rows[index];
        }

        @Override
        public int size() {
            return rows.length;
        }
    }

    /** Rows each read from the file when asked for: keep one only as long as it is used. */
    private static final class StoredRows extends Rows {
        private final Storage storage;
        private final long[] offsets;
        private final int[] lengths;

        StoredRows(Storage storage, long[] offsets, int[] lengths) {
            this.storage = storage;
            this.offsets = offsets;
            this.lengths = lengths;
        }

        @Override
        public RowResult get(int index) {
            if (index < 0 || index >= offsets.length) {
                throw new IndexOutOfBoundsException("row " + index + " of " + offsets.length);
            }
            return storage.read(offsets[index], lengths[index]);
        }

        @Override
        public int size() {
            return offsets.length;
        }

        /** Reads the rows a block at a time: the statistics and reports go through every row, several times. */
        @Override
        public Iterator<RowResult> iterator() {
            return new BlockReader();
        }

        @Override
        public Spliterator<RowResult> spliterator() {
            return Spliterators.spliterator(iterator(), size(),
                    Spliterator.ORDERED | Spliterator.IMMUTABLE | Spliterator.NONNULL);
        }

        /**
         * Goes through the rows in order, reading a window of the file at a time. Rows were written as they finished,
         * so a row's neighbours in dataset order lie near it in the file, a little before or after; a window starts
         * somewhat before the row that needs it.
         */
        private final class BlockReader implements Iterator<RowResult> {
            private static final int WINDOW = 1 << 18;
            private static final int BEFORE = 1 << 16;
            private ByteBuffer window;
            private long windowStart;
            private int next;

            @Override
            public boolean hasNext() {
                return next < offsets.length;
            }

            @Override
            public RowResult next() {
                if (!hasNext()) throw new NoSuchElementException();
                long at = offsets[next];
                int length = lengths[next++];
                if (window == null || at < windowStart || at + length > windowStart + window.position()) {
                    windowStart = Math.max(0, at - BEFORE);
                    int needed = (int) (at - windowStart) + length;
                    if (window == null || window.capacity() < needed) {
                        window = ByteBuffer.allocate(Math.max(WINDOW, needed));
                    }
                    window.clear();
                    storage.fill(window, windowStart, needed);
                }
                return storage.decode(window.array(), (int) (at - windowStart), length);
            }
        }
    }
}
