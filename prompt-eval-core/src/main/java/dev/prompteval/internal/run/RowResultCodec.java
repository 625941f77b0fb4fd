package dev.prompteval.internal.run;

import dev.prompteval.dataset.Assertion;
import dev.prompteval.dataset.Row;
import dev.prompteval.internal.score.RowScore;
import dev.prompteval.provider.Usage;
import dev.prompteval.score.AssertionResult;
import dev.prompteval.score.Score;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A row result as compact bytes and back, field by field, for {@link RowResultFile}: every report and statistic
 * reads a large run's rows back several times, and this takes a few microseconds a row where JSON takes tens. Every
 * field survives exactly (doubles bit for bit), so what is computed from rows read back is what would have been
 * computed from the rows themselves. Only this process reads the bytes, so they carry no version.
 */
final class RowResultCodec {
    /** Chars per chunk: at most 3 bytes each, within modified UTF-8's 65,535. */
    private static final int CHUNK = 21_000;

    private RowResultCodec() {
    }

    static byte[] encode(RowResult result) {
        var bytes = new ByteArrayOutputStream(512);
        try (var out = new DataOutputStream(bytes)) {
            row(out, result.row());
            out.writeInt(result.samples().size());
            for (SampleResult sample : result.samples()) sample(out, sample);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /** Decodes the {@code length} bytes at {@code offset}, which {@link #encode} made. */
    static RowResult decode(byte[] bytes, int offset, int length) throws IOException {
        var in = new In(bytes, offset, length);
        Row row = row(in);
        int n = in.readInt();
        var samples = new ArrayList<SampleResult>(n);
        for (int i = 0; i < n; i++) samples.add(sample(in));
        return new RowResult(row, samples);
    }

    private static void row(DataOutputStream out, Row row) throws IOException {
        string(out, row.id());
        out.writeLong(row.rowNumber());
        out.writeLong(row.line());
        map(out, row.variables());
        out.writeInt(row.assertions().size());
        for (Assertion assertion : row.assertions()) assertion(out, assertion);
        string(out, row.description());
        string(out, row.metric());
        nullableDouble(out, row.threshold());
        map(out, row.metadata());
        out.writeInt(row.tags().size());
        for (String tag : row.tags()) string(out, tag);
        string(out, row.cluster());
    }

    private static Row row(In in) throws IOException {
        String id = string(in);
        long rowNumber = in.readLong();
        long line = in.readLong();
        Map<String, String> variables = map(in);
        int n = in.readInt();
        var assertions = new ArrayList<Assertion>(n);
        for (int i = 0; i < n; i++) assertions.add(assertion(in));
        String description = string(in);
        String metric = string(in);
        Double threshold = nullableDouble(in);
        Map<String, String> metadata = map(in);
        int tagCount = in.readInt();
        Set<String> tags = new LinkedHashSet<>();
        for (int i = 0; i < tagCount; i++) tags.add(string(in));
        return new Row(id, rowNumber, line, variables, assertions, description, metric, threshold, metadata, tags,
                string(in));
    }

    private static void sample(DataOutputStream out, SampleResult sample) throws IOException {
        string(out, sample.rowId());
        out.writeInt(sample.sample());
        string(out, sample.output());
        out.writeBoolean(sample.score() != null);
        if (sample.score() != null) rowScore(out, sample.score());
        string(out, sample.error());
        out.writeBoolean(sample.usage() != null);
        if (sample.usage() != null) {
            out.writeLong(sample.usage().inputTokens());
            out.writeLong(sample.usage().outputTokens());
            out.writeDouble(sample.usage().costUsd());
        }
        out.writeLong(sample.latencyMs());
        out.writeBoolean(sample.cached());
        string(out, sample.notEvaluatedCause());
    }

    private static SampleResult sample(In in) throws IOException {
        String rowId = string(in);
        int sample = in.readInt();
        String output = string(in);
        RowScore score = in.readBoolean() ? rowScore(in) : null;
        String error = string(in);
        Usage usage = in.readBoolean() ? new Usage(in.readLong(), in.readLong(), in.readDouble()) : null;
        long latencyMs = in.readLong();
        boolean cached = in.readBoolean();
        return new SampleResult(rowId, sample, output, score, error, usage, latencyMs, cached, string(in));
    }

    private static void rowScore(DataOutputStream out, RowScore score) throws IOException {
        out.writeDouble(score.score());
        out.writeBoolean(score.pass());
        string(out, score.reason());
        out.writeInt(score.assertions().size());
        for (AssertionResult result : score.assertions()) {
            out.writeBoolean(result.assertion() != null);
            if (result.assertion() != null) assertion(out, result.assertion());
            out.writeBoolean(result.score() != null);
            if (result.score() != null) {
                out.writeDouble(result.score().score());
                out.writeBoolean(result.score().pass());
                string(out, result.score().reason());
            }
        }
        out.writeInt(score.namedScores().size());
        for (var named : score.namedScores().entrySet()) {
            string(out, named.getKey());
            out.writeDouble(named.getValue());
        }
    }

    private static RowScore rowScore(In in) throws IOException {
        double score = in.readDouble();
        boolean pass = in.readBoolean();
        String reason = string(in);
        int n = in.readInt();
        var assertions = new ArrayList<AssertionResult>(n);
        for (int i = 0; i < n; i++) {
            Assertion assertion = in.readBoolean() ? assertion(in) : null;
            Score result = in.readBoolean() ? new Score(in.readDouble(), in.readBoolean(), string(in)) : null;
            assertions.add(new AssertionResult(assertion, result));
        }
        int named = in.readInt();
        Map<String, Double> namedScores = new LinkedHashMap<>();
        for (int i = 0; i < named; i++) namedScores.put(string(in), in.readDouble());
        return new RowScore(score, pass, reason, assertions, namedScores);
    }

    private static void assertion(DataOutputStream out, Assertion assertion) throws IOException {
        string(out, assertion.type());
        out.writeBoolean(assertion.negated());
        nullableDouble(out, assertion.threshold());
        string(out, assertion.value());
        out.writeDouble(assertion.weight());
        string(out, assertion.column());
    }

    private static Assertion assertion(In in) throws IOException {
        return new Assertion(string(in), in.readBoolean(), nullableDouble(in), string(in), in.readDouble(),
                string(in));
    }

    private static void map(DataOutputStream out, Map<String, String> map) throws IOException {
        out.writeInt(map.size());
        for (var entry : map.entrySet()) {
            string(out, entry.getKey());
            string(out, entry.getValue());
        }
    }

    private static Map<String, String> map(In in) throws IOException {
        int n = in.readInt();
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) map.put(string(in), string(in));
        return map;
    }

    private static void nullableDouble(DataOutputStream out, Double value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) out.writeDouble(value);
    }

    private static Double nullableDouble(In in) throws IOException {
        return in.readBoolean() ? in.readDouble() : null;
    }

    /**
     * A string or null, in chunks of modified UTF-8, which keeps every char as it was (a lone surrogate too, which
     * UTF-8 would replace) but takes at most 64 KB at a time.
     */
    private static void string(DataOutputStream out, String text) throws IOException {
        if (text == null) {
            out.writeInt(-1);
            return;
        }
        int chunks = (text.length() + CHUNK - 1) / CHUNK;
        out.writeInt(chunks);
        for (int i = 0; i < chunks; i++) utf(out, text.substring(i * CHUNK, Math.min(text.length(), (i + 1) * CHUNK)));
    }

    /**
     * As {@link DataOutputStream#writeUTF}, byte for byte. A chunk of chars 1 to 0x7F (most are) is its own modified
     * UTF-8 and is written at once, where writeUTF goes through it char by char, twice: most of a row's encoding time.
     */
    static void utf(DataOutputStream out, String chunk) throws IOException {
        byte[] bytes = chunk.getBytes(StandardCharsets.ISO_8859_1);
        boolean ascii = true;
        boolean question = false;
        for (int i = 0; i < bytes.length && ascii; i++) {
            ascii = bytes[i] > 0; // NUL is two bytes in modified UTF-8, and 0x80 up is not ASCII
            question |= bytes[i] == '?';
        }
        // a char that ISO-8859-1 cannot encode became '?': only the chunk itself tells a real '?' from it
        if (ascii && (!question || new String(bytes, StandardCharsets.ISO_8859_1).equals(chunk))) {
            out.writeShort(bytes.length);
            out.write(bytes);
        } else {
            out.writeUTF(chunk);
        }
    }

    private static String string(In in) throws IOException {
        int chunks = in.readInt();
        if (chunks < 0) return null;
        if (chunks == 1) return in.readUTF();
        var text = new StringBuilder();
        for (int i = 0; i < chunks; i++) text.append(in.readUTF());
        return text.toString();
    }

    /**
     * Reads what a {@link DataOutputStream} wrote, straight from the array: a large run's rows are read back several
     * times, and a string of plain ASCII (most of them) is made from its bytes at once.
     */
    private static final class In {
        private final byte[] bytes;
        private final int end;
        private int at;

        In(byte[] bytes, int offset, int length) {
            this.bytes = bytes;
            this.at = offset;
            this.end = offset + length;
        }

        private void need(int n) throws EOFException {
            if (end - at < n) throw new EOFException("the row's bytes end " + (n - (end - at)) + " bytes early");
        }

        boolean readBoolean() throws IOException {
            need(1);
            return bytes[at++] != 0;
        }

        int readInt() throws IOException {
            need(4);
            int value = (bytes[at] & 0xff) << 24 | (bytes[at + 1] & 0xff) << 16 | (bytes[at + 2] & 0xff) << 8
                    | bytes[at + 3] & 0xff;
            at += 4;
            return value;
        }

        long readLong() throws IOException {
            long high = readInt() & 0xffffffffL;
            return high << 32 | readInt() & 0xffffffffL;
        }

        double readDouble() throws IOException {
            return Double.longBitsToDouble(readLong());
        }

        /** Modified UTF-8, as {@link DataOutputStream#writeUTF} wrote it: bytes below 0x80 are those very chars. */
        String readUTF() throws IOException {
            need(2);
            int length = (bytes[at] & 0xff) << 8 | bytes[at + 1] & 0xff;
            need(2 + length);
            int from = at + 2;
            boolean ascii = true;
            for (int i = from; i < from + length && ascii; i++) ascii = bytes[i] >= 0;
            String text = ascii ? new String(bytes, from, length, StandardCharsets.ISO_8859_1)
                    : new DataInputStream(new ByteArrayInputStream(bytes, at, 2 + length)).readUTF();
            at = from + length;
            return text;
        }
    }
}
