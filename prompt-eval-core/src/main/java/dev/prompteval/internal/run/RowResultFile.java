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
 * The rows of one run, each written to a scratch file ({@link RowResultCodec}) when its last sample is recorded and read back when
 * asked for, so that a run's memory does not grow with its rows: the heap holds two numbers per row (where its
 * bytes start and how many there are), not the row, its variables, outputs and assertion reasons.
 *
 * <p>The scratch file sits beside the run journal (or in the system's temp folder without one) and is removed as soon
 * as it is opened where the platform allows it (the open channel keeps its content), else when it is closed; it is
 * closed once neither this file nor a list of its rows is reachable. Writing and reading are thread-safe.
 */
final class RowResultFile {
    private static final Cleaner CLOSER = Cleaner.create(runnable -> {
        Thread thread = new Thread(runnable, "prompt-eval-row-file-closer");
        thread.setDaemon(true);
        return thread;
    });

    private final Storage storage;
    // Where each row's bytes are, by 0-based row index in dataset order; -1 for a row not written. Guarded by `this`.
    private long[] offsets = new long[1024];
    private int[] lengths = new int[1024];
    private long end;
    private int written;

    private RowResultFile(Storage storage) {
        this.storage = storage;
        Arrays.fill(offsets, -1);
    }

    /**
     * Opens a scratch file in {@code folder}, or in the system's temp folder when it is null.
     *
     * @throws UncheckedIOException naming the folder when the file cannot be created
     */
    static RowResultFile create(Path folder) {
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
            return new RowResultFile(new Storage(channel, file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch file for the run's rows in "
                    + (folder == null ? System.getProperty("java.io.tmpdir") : folder) + ": " + e
                    + "; check that the folder is writable and has space", e);
        }
    }

    /**
     * Writes row {@code index}'s result. Each index is written at most once.
     *
     * @throws UncheckedIOException when the file cannot be written (disk full)
     */
    void put(int index, RowResult row) {
        byte[] bytes = RowResultCodec.encode(row);
        long at;
        synchronized (this) {
            at = end;
            end += bytes.length;
            if (index >= offsets.length) {
                int size = Math.max(index + 1, offsets.length * 2);
                int old = offsets.length;
                offsets = Arrays.copyOf(offsets, size);
                lengths = Arrays.copyOf(lengths, size);
                Arrays.fill(offsets, old, size, -1);
            }
            if (offsets[index] >= 0) throw new IllegalStateException("row " + index + " was written twice");
            offsets[index] = at;
            lengths[index] = bytes.length;
            written++;
        }
        storage.write(ByteBuffer.wrap(bytes), at);
    }

    /** Whether row {@code index} has been written. */
    synchronized boolean has(int index) {
        return index < offsets.length && offsets[index] >= 0;
    }

    /** The rows written so far, in index order; rows never written are left out. */
    synchronized List<RowResult> rows() {
        long[] at = new long[written];
        int[] length = new int[written];
        int n = 0;
        for (int i = 0; i < offsets.length && n < written; i++) {
            if (offsets[i] < 0) continue;
            at[n] = offsets[i];
            length[n++] = lengths[i];
        }
        return new Rows(storage, at, length);
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

    /** An unmodifiable list of rows, each read from the file when asked for: keep one only as long as it is used. */
    static final class Rows extends AbstractList<RowResult> implements RandomAccess {
        private final Storage storage;
        private final long[] offsets;
        private final int[] lengths;

        private Rows(Storage storage, long[] offsets, int[] lengths) {
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
