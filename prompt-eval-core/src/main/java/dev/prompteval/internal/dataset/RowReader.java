package dev.prompteval.internal.dataset;

import dev.prompteval.dataset.Row;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The rows of a dataset, read one record at a time as they are asked for: memory does not grow with the file.
 * Close it (try-with-resources) to release the file. Not thread-safe.
 *
 * <p>A row with a problem (an unknown assertion type, a malformed threshold, a wrong number of cells, unreadable
 * CSV) ends the iteration with a {@link DatasetException} naming file, line and column. Run
 * {@link Dataset#validate} first to learn about every problem at once.
 */
public final class RowReader implements Iterator<Row>, AutoCloseable {
    private final CsvRecords records;
    private final RowParser parser;
    private final String file;
    private long rowNumber;
    private Row next;
    private boolean done;

    RowReader(CsvRecords records, RowParser parser, String file) {
        this.records = records;
        this.parser = parser;
        this.file = file;
    }

    /** @throws DatasetException when the next record cannot be read or has a problem */
    @Override
    public boolean hasNext() {
        if (next == null && !done) next = read();
        return next != null;
    }

    /** @throws DatasetException when the record cannot be read or has a problem */
    @Override
    public Row next() {
        if (!hasNext()) throw new NoSuchElementException("no more rows in " + file);
        Row row = next;
        next = null;
        return row;
    }

    /** The remaining rows as a sequential stream; closing the stream closes this reader. */
    public Stream<Row> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this,
                Spliterator.ORDERED | Spliterator.NONNULL), false).onClose(this::close);
    }

    @Override
    public void close() {
        done = true;
        try {
            records.close();
        } catch (IOException e) {
            throw new DatasetException("dataset " + file + " could not be closed: " + e.getMessage(), e);
        }
    }

    private Row read() {
        CsvRecords.Record record;
        try {
            record = records.next();
        } catch (CsvRecords.CsvReadException e) {
            done = true;
            throw new DatasetException(List.of(new DatasetProblem(file, e.line(), null, e.getMessage())));
        }
        if (record == null) {
            done = true;
            return null;
        }
        RowParser.Parsed parsed = parser.parse(record, ++rowNumber);
        if (!parsed.problems().isEmpty()) {
            done = true;
            throw new DatasetException(parsed.problems());
        }
        return parsed.row();
    }
}
