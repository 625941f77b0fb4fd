package dev.prompteval.internal.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * Writes files so that readers see the old content or the new, never a torn file, even across a crash: a temp
 * file in the same folder (named {@code .<file>.<random>.tmp}, which no reader looks at), flushed to disk, renamed
 * over the target atomically, then the folder flushed where the platform allows it.
 */
public final class AtomicFiles {
    private static final AtomicFiles DEFAULT = new AtomicFiles();

    private final Consumer<Path> beforeRename;

    public AtomicFiles() {
        this(temp -> { });
    }

    /** @param beforeRename called with the written temp file just before the rename; tests use it to crash there */
    public AtomicFiles(Consumer<Path> beforeRename) {
        this.beforeRename = beforeRename;
    }

    /** Writes {@code text} (UTF-8) to {@code target} atomically and durably. */
    public static void write(Path target, CharSequence text) throws IOException {
        DEFAULT.replace(target, text.toString());
    }

    /**
     * Writes what {@code content} writes to {@code target} atomically and durably, streaming: a large file need not
     * be held in memory as one string. Closing the stream it is given only flushes it.
     */
    public static void write(Path target, Content content) throws IOException {
        DEFAULT.replace(target, content);
    }

    /** Writes {@code text} (UTF-8) to {@code target} atomically and durably, calling the hook before the rename. */
    public void replace(Path target, String text) throws IOException {
        replace(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** As {@link #write(Path, Content)}, calling the hook before the rename. */
    public void replace(Path target, Content content) throws IOException {
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                var out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                content.writeTo(new FilterOutputStream(out) {
                    @Override
                    public void write(byte[] bytes, int offset, int length) throws IOException {
                        out.write(bytes, offset, length);
                    }

                    @Override
                    public void close() throws IOException {
                        out.flush(); // the channel stays open until it has been forced to disk
                    }
                });
                out.flush();
                channel.force(true);
            }
            beforeRename.accept(temp);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        syncDirectory(dir);
    }

    /** What a file is made of, written to a stream. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Makes the rename itself durable; Windows cannot open a folder as a channel, and needs no such step. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException notSupported) {
            // the rename is already atomic; only its durability after a power loss is left to the OS here
        }
    }
}
