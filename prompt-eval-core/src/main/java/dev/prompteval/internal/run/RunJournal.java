package dev.prompteval.internal.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The run journal: one JSON line per completed (row, sample), appended and flushed as each completes, so that a run
 * that crashed or was interrupted resumes where it stopped and pays for nothing twice.
 *
 * <p>Lives at {@code <output>/journal/<suite>/<key>.jsonl}, where the key ({@link RunSpec#journalKey()}) hashes the
 * reference, prompt content, dataset, model and repeat: a change to any of them starts a new journal. The first line describes
 * the run; every other line is a {@link SampleResult} as JSON ({@code rowId}, {@code sample}, {@code output},
 * {@code score} with its assertion results, {@code error}, {@code usage}, {@code latencyMs}, {@code cached}).
 *
 * <p>On opening, successful results are taken as done; <b>error results are run again</b> (a rate limit or an
 * outage should not stick). A last line cut off by a crash is dropped with a warning and the file truncated before
 * it; a damaged line anywhere else is an error. A complete journal resumes to a run with no calls: delete it (or run
 * {@code mvn clean}) to call the model afresh. Appending is thread-safe. Only where each result lies is kept in
 * memory ({@link JournalIndex}); a result is read back from the file when its row comes up, so resuming a large run
 * needs no more heap than running it.
 */
public final class RunJournal implements Closeable {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private static final String FORMAT = "prompt-eval run journal 1";

    private final Path file;
    /** Where the earlier run's successful results lie in the file: each is read back when its row comes up. */
    private final JournalIndex completed;
    private final FileChannel reader;
    private final List<String> warnings;
    private final OutputStream out;

    private RunJournal(Path file, JournalIndex completed, FileChannel reader, List<String> warnings,
                       OutputStream out) {
        this.file = file;
        this.completed = completed;
        this.reader = reader;
        this.warnings = List.copyOf(warnings);
        this.out = out;
    }

    /** A journal that records nothing and resumes nothing. */
    public static RunJournal disabled() {
        return new RunJournal(null, new JournalIndex(), null, List.of(), null);
    }

    /** Where the journal of {@code spec} lives under an output directory such as {@code target/prompt-eval}. */
    public static Path fileFor(Path outputDir, RunSpec spec) {
        return suiteDirectory(outputDir, spec.suite()).resolve(spec.journalKey() + ".jsonl");
    }

    /** The folder of a suite's journals, where files kept beside them (its batch ledger) live too. */
    public static Path suiteDirectory(Path outputDir, String suite) {
        return outputDir.resolve("journal").resolve(directoryName(suite));
    }

    /**
     * Opens a journal for appending, loading what an earlier run of the same spec completed.
     *
     * @throws RunJournalException when the file cannot be read or written, or is damaged other than at its end
     */
    public static RunJournal open(Path file, RunSpec spec) {
        var completed = new JournalIndex();
        var warnings = new ArrayList<String>();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (Files.exists(file)) load(file, spec.journalKey(), completed, warnings);
            boolean empty = !Files.exists(file) || Files.size(file) == 0;
            FileChannel reader = completed.size() == 0 ? null : FileChannel.open(file, StandardOpenOption.READ);
            OutputStream out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE), 1 << 16);
            var journal = new RunJournal(file, completed, reader, warnings, out);
            if (empty) journal.writeLine(header(spec));
            return journal;
        } catch (IOException e) {
            throw new RunJournalException("run journal " + file + " cannot be opened: " + e
                    + "; check that the output directory is writable", e);
        }
    }

    /** The file, or null for a {@link #disabled()} journal. */
    public Path file() {
        return file;
    }

    /**
     * The successful result an earlier run recorded for (row, sample), or null when it must be run. Thread-safe; a
     * (row, sample) the journal does not hold costs a hash lookup, no read.
     *
     * @throws RunJournalException when the file cannot be read back
     */
    public SampleResult completed(String rowId, int sample) {
        JournalIndex.Line line = completed.line(rowId, sample);
        if (line == null) return null;
        var bytes = ByteBuffer.allocate(line.length());
        try {
            while (bytes.hasRemaining()) {
                if (reader.read(bytes, line.offset() + bytes.position()) < 0) {
                    throw new IOException("the file ends before byte " + (line.offset() + line.length()));
                }
            }
            SampleResult result = JSON.readValue(bytes.array(), SampleResult.class);
            // another (row, sample) with the same hash: run this one again rather than take a wrong result
            return rowId.equals(result.rowId()) && result.sample() == sample ? result : null;
        } catch (IOException e) {
            throw new RunJournalException("run journal " + file + " cannot be read back: " + e
                    + "; do not change it while the build runs, or delete it to run the suite afresh", e);
        }
    }

    /** How many successful results were loaded. */
    public int completedCount() {
        return completed.size();
    }

    /** Problems found while loading that did not prevent resuming (a torn last line). */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * Appends one result and flushes it to the operating system. Thread-safe.
     *
     * @throws RunJournalException when the line cannot be written (disk full, file removed...)
     */
    public void append(SampleResult result) {
        if (out == null) return;
        try {
            writeLine(JSON.writeValueAsBytes(result));
        } catch (IOException e) {
            throw new RunJournalException("run journal " + file + " cannot be written: " + e, e);
        }
    }

    @Override
    public void close() {
        if (out == null) return;
        synchronized (this) {
            try {
                out.close();
                if (reader != null) reader.close();
            } catch (IOException e) {
                throw new RunJournalException("run journal " + file + " cannot be closed: " + e, e);
            }
        }
    }

    private void writeLine(byte[] json) throws IOException {
        synchronized (this) {
            // One buffer flush per line: a crash can only tear the last line, which loading tolerates.
            out.write(json);
            out.write('\n');
            out.flush();
        }
    }

    private static byte[] header(RunSpec spec) throws JsonProcessingException {
        ObjectNode header = JSON.createObjectNode();
        header.put("journal", FORMAT);
        header.put("key", spec.journalKey());
        header.put("suite", spec.suite());
        header.put("prompt", spec.promptName());
        header.put("reference", spec.reference());
        header.put("contentHash", spec.template().contentHash());
        header.put("datasetHash", spec.datasetHash());
        header.set("model", JSON.valueToTree(spec.model()));
        header.put("repeat", spec.repeat());
        return JSON.writeValueAsBytes(header);
    }

    /** Reads every line, keeping the last result per (row, sample); truncates a torn last line. */
    private static void load(Path file, String key, JournalIndex completed, List<String> warnings)
            throws IOException {
        var lines = new LineScanner(file, key, completed);
        try (InputStream in = Files.newInputStream(file)) {
            lines.scan(in);
        }
        if (lines.tornAt >= 0) {
            warnings.add("run journal " + file + ": line " + lines.tornLine + " was cut off (an earlier run stopped"
                    + " while writing it) and is dropped; its (row, sample) will be run again");
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(lines.tornAt);
            }
        }
    }

    /** Splits the file into lines without decoding it as a whole, remembering byte offsets for truncation. */
    private static final class LineScanner {
        private final Path file;
        private final String key;
        private final JournalIndex completed;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private long offset;
        private int lineNumber;
        private String damage;
        private long tornAt = -1;
        private int tornLine;

        LineScanner(Path file, String key, JournalIndex completed) {
            this.file = file;
            this.key = key;
            this.completed = completed;
        }

        void scan(InputStream in) throws IOException {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                int from = 0;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        pending.write(buffer, from, i - from);
                        line(true);
                        from = i + 1;
                    }
                }
                pending.write(buffer, from, n - from);
            }
            if (pending.size() > 0) line(false);
        }

        private void line(boolean terminated) {
            byte[] bytes = pending.toByteArray();
            pending.reset();
            long start = offset;
            offset += bytes.length + (terminated ? 1 : 0);
            lineNumber++;
            if (damage != null) {
                throw new RunJournalException("run journal " + file + " is damaged: " + damage + ". Only a last line"
                        + " cut off by a crash is repaired; delete the file to run the suite afresh", null);
            }
            String problem = terminated ? parse(bytes, start) : "it has no line end";
            if (problem != null) {
                damage = "line " + lineNumber + " is not a result (" + problem + ")";
                tornAt = start;
                tornLine = lineNumber;
            }
        }

        /** Refuses a journal of another format or of another run: its results would be wrong for this one. */
        private String checkHeader(JsonNode header) {
            if (!FORMAT.equals(header.get("journal").asText())) {
                return "written in format \"" + header.get("journal").asText() + "\", expected \"" + FORMAT + "\"";
            }
            if (!key.equals(header.path("key").asText())) {
                throw new RunJournalException("run journal " + file + " belongs to another run (key "
                        + header.path("key").asText() + "; this run's prompt, dataset, model and repeat give " + key
                        + "); open the journal at RunJournal.fileFor(outputDir, spec), or delete this file", null);
            }
            return null;
        }

        /** Records where the line's result lies; returns what is wrong with it, or null. */
        private String parse(byte[] bytes, long start) {
            if (new String(bytes, StandardCharsets.UTF_8).isBlank()) return null;
            try {
                JsonNode node = JSON.readTree(bytes);
                if (node == null || !node.isObject()) return "not a JSON object";
                if (node.has("journal")) return checkHeader(node);
                SampleResult result = JSON.treeToValue(node, SampleResult.class);
                if (result.rowId() == null || result.sample() < 0) return "no rowId or sample";
                if (result.errored()) completed.remove(result.rowId(), result.sample());
                else completed.put(result.rowId(), result.sample(), start, bytes.length);
                return null;
            } catch (IOException | IllegalArgumentException e) {
                return e.getMessage().lines().findFirst().orElse(e.toString());
            }
        }
    }

    /** The suite name as one safe path segment: percent-encoded, so distinct names stay distinct. */
    private static String directoryName(String suite) {
        String encoded = URLEncoder.encode(suite, StandardCharsets.UTF_8).replace("*", "%2A");
        if (encoded.equals(".") || encoded.equals("..")) return encoded.replace(".", "%2E");
        return encoded.isEmpty() ? "%00" : encoded;
    }
}
