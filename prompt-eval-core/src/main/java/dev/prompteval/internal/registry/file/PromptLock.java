package dev.prompteval.internal.registry.file;

import dev.prompteval.internal.registry.RegistryException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serialises writers of one prompt: an in-JVM lock (a {@link FileLock} is held per JVM, so two threads of one build
 * would not exclude each other with it alone) and then an OS file lock on {@code <prompt>/.lock} for other
 * processes. Readers take no lock: atomic renames already give them whole files.
 */
final class PromptLock {
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();

    private PromptLock() {
    }

    static <T> T holding(Path lockFile, Supplier<T> action) {
        Path key = lockFile.toAbsolutePath().normalize();
        ReentrantLock local = IN_JVM.computeIfAbsent(key, k -> new ReentrantLock());
        local.lock();
        try {
            Files.createDirectories(key.getParent());
            try (FileChannel channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                channel.lock(); // released when the channel closes
                return action.get();
            }
        } catch (IOException e) {
            throw new RegistryException(RegistryException.Kind.IO, "cannot lock " + key + " to change the prompt: "
                    + e.getMessage() + "; check that the registry folder is writable", e);
        } finally {
            local.unlock();
        }
    }
}
