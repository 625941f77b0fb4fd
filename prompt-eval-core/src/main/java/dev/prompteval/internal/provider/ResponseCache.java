package dev.prompteval.internal.provider;

import dev.prompteval.internal.io.AtomicFiles;
import dev.prompteval.provider.ModelResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The local response cache: one small JSON file per request under {@code <dir>/<first two hex digits>/<key>.json},
 * written atomically (temporary file, then rename), so concurrent writers and a killed build never leave a torn
 * entry. Disposable: deleting the directory only costs new calls. A good home is outside {@code target/}
 * (e.g. {@code ~/.cache/prompt-eval}) so {@code mvn clean} does not pay again.
 */
public final class ResponseCache implements ResponseStore {
    private final Path dir;

    public ResponseCache(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** @throws UncheckedIOException naming the entry when it cannot be read; delete it to recover */
    @Override
    public Optional<ModelResponse> get(RequestKey key) {
        Path file = file(key);
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read cache entry " + file + ": " + e.getMessage(), e);
        }
        try {
            return Optional.of(StoredEntry.parse(json).response());
        } catch (IllegalArgumentException e) {
            throw new UncheckedIOException(new IOException("cache entry " + file + " is damaged (" + e.getMessage()
                    + "); delete it, or the cache directory " + dir + ", and run again"));
        }
    }

    /** @throws UncheckedIOException naming the directory when it cannot be written (permissions, disk full) */
    @Override
    public void put(RequestKey key, ModelResponse response) {
        Path file = file(key);
        try {
            AtomicFiles.write(file, StoredEntry.of(key, response).toJson() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the response cache in " + dir + " (" + e
                    + "); fix the directory or turn the cache off", e);
        }
    }

    @Override
    public String location() {
        return dir.toString();
    }

    private Path file(RequestKey key) {
        return dir.resolve(key.hash().substring(0, 2)).resolve(key.hash() + ".json");
    }
}
