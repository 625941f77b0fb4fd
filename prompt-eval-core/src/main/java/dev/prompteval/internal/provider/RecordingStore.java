package dev.prompteval.internal.provider;

import dev.prompteval.internal.io.AtomicFiles;
import dev.prompteval.provider.ModelResponse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Recorded responses committed with the project, one file per suite, e.g.
 * {@code src/test/prompt-eval/recordings/<suite>.jsonl}: one JSON entry per line (key, the request it answers, the
 * response), sorted by key, so the file is stable across runs and reviewable in a pull request.
 * <p>
 * The file is read when opened; new entries are kept in memory and written on {@link #close()}, merged with the
 * entries already there (a re-recorded key is replaced), sorted, atomically (temporary file, then rename).
 * Thread-safe; several providers (baseline and candidate) may share one store.
 */
public final class RecordingStore implements ResponseStore, AutoCloseable {
    private static final Pattern SUITE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final Path file;
    private final boolean existed;
    private final Map<String, StoredEntry> entries = new ConcurrentHashMap<>();
    private volatile boolean dirty;

    private RecordingStore(Path file, boolean existed) {
        this.file = file;
        this.existed = existed;
    }

    /**
     * Opens (or prepares to create) a recordings file.
     *
     * @throws UncheckedIOException naming the file and line of a damaged or duplicated entry
     */
    public static RecordingStore open(Path file) {
        Path path = file.toAbsolutePath().normalize();
        RecordingStore store;
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            store = new RecordingStore(path, true);
            store.load(in);
        } catch (NoSuchFileException e) {
            store = new RecordingStore(path, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read recordings " + path + ": " + e.getMessage(), e);
        }
        return store;
    }

    /**
     * The recordings of one suite: {@code <dir>/<suite>.jsonl}.
     *
     * @throws IllegalArgumentException when the suite name is not a plain file name (letters, digits, . _ -)
     */
    public static RecordingStore forSuite(Path dir, String suite) {
        if (suite == null || !SUITE_NAME.matcher(suite).matches()) {
            throw new IllegalArgumentException("suite name '" + suite + "' cannot name a recordings file; use "
                    + "letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
        return open(dir.resolve(suite + ".jsonl"));
    }

    private void load(BufferedReader in) throws IOException {
        Map<String, Integer> lineOf = new HashMap<>();
        String line;
        int number = 0;
        while ((line = in.readLine()) != null) {
            number++;
            if (line.isBlank()) continue;
            StoredEntry entry;
            try {
                entry = StoredEntry.parse(line);
            } catch (IllegalArgumentException e) {
                throw damaged(number, e.getMessage() + "; fix or delete the line (a merge conflict?), or record again");
            }
            Integer previous = lineOf.put(entry.key(), number);
            if (previous != null) {
                throw damaged(number, "key " + entry.key() + " is already on line " + previous
                        + "; keep one of the two lines (a merge of two recordings?)");
            }
            entries.put(entry.key(), entry);
        }
    }

    private UncheckedIOException damaged(int line, String what) {
        return new UncheckedIOException(new IOException("recordings " + file + " line " + line + ": " + what));
    }

    @Override
    public Optional<ModelResponse> get(RequestKey key) {
        return Optional.ofNullable(entries.get(key.hash())).map(StoredEntry::response);
    }

    @Override
    public void put(RequestKey key, ModelResponse response) {
        entries.put(key.hash(), StoredEntry.of(key, response));
        dirty = true;
    }

    @Override
    public String location() {
        return file + (existed ? "" : " (the file does not exist yet)");
    }

    public Path file() {
        return file;
    }

    /** Entries held: those read plus those recorded. */
    public int size() {
        return entries.size();
    }

    /**
     * Writes the file when anything was recorded: all entries sorted by key, one per line.
     *
     * @throws UncheckedIOException naming the file when it cannot be written
     */
    @Override
    public synchronized void close() {
        if (!dirty) return;
        StringBuilder text = new StringBuilder();
        new TreeMap<>(entries).values().forEach(e -> text.append(e.toJson()).append('\n'));
        try {
            AtomicFiles.write(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write recordings " + file + ": " + e, e);
        }
        dirty = false;
    }
}
