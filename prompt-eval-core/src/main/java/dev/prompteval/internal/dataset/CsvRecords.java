package dev.prompteval.internal.dataset;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * The records of a CSV file, streamed, each with the line it starts on. RFC 4180 (Commons CSV's
 * {@link CSVFormat#RFC4180}: comma, double quotes, quoted cells may span lines), UTF-8 with an optional BOM.
 * Blank lines are skipped.
 */
final class CsvRecords implements Closeable {
    private static final char BOM = '\uFEFF';

    private final CSVParser parser;
    private final Iterator<CSVRecord> iterator;

    private CsvRecords(CSVParser parser) {
        this.parser = parser;
        this.iterator = parser.iterator();
    }

    /** One record: its cells and the 1-based line it starts on. */
    record Record(long line, List<String> cells) {
    }

    /**
     * Opens {@code file} for reading. Bytes that are not UTF-8 become U+FFFD, so that the cell holding them can be
     * reported exactly (see {@link Cells#undecodable}); a decoder that throws would only say which 8 KB block.
     */
    static CsvRecords open(Path file) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        var reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder));
        try {
            reader.mark(1);
            if (reader.read() != BOM) reader.reset();
            return new CsvRecords(CSVParser.parse(reader, CSVFormat.RFC4180));
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /**
     * The next non-blank record, or null at the end of the file.
     *
     * @throws CsvReadException when the text from here on is not valid CSV; reading cannot go on
     */
    Record next() throws CsvReadException {
        while (true) {
            // Every line break before a record belongs to earlier records (or blank lines), so the record starts
            // on the line after them, however many lines its quoted cells span.
            long line = parser.getCurrentLineNumber() + 1;
            CSVRecord record;
            try {
                if (!iterator.hasNext()) return null;
                record = iterator.next();
            } catch (UncheckedIOException e) {
                throw new CsvReadException(line, e.getCause());
            }
            if (!isBlankLine(record)) return new Record(line, Arrays.asList(record.values()));
        }
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    private static boolean isBlankLine(CSVRecord record) {
        return record.size() == 0 || record.size() == 1 && record.get(0).isEmpty();
    }

    /** Text that cannot be read as CSV, at the line where the record being read starts. */
    static final class CsvReadException extends Exception {
        private final long line;

        CsvReadException(long line, IOException cause) {
            super(describe(cause), cause);
            this.line = line;
        }

        long line() {
            return line;
        }

        private static String describe(IOException cause) {
            return "cannot read the CSV record starting here (" + cause.getMessage() + "); a cell containing a "
                    + "comma, a double quote or a line break must be enclosed in double quotes, with each double "
                    + "quote inside it written twice (\"\"); check that every quoted cell is closed";
        }
    }
}
