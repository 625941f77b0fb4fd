package dev.prompteval.internal.suite;

import dev.prompteval.dataset.Row;
import dev.prompteval.internal.dataset.Dataset;
import dev.prompteval.internal.dataset.RowReader;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The rows of several datasets, one after another, streamed: each file is opened when reached and closed when
 * read to its end, so a suite never holds a whole dataset.
 */
final class DatasetRows implements Iterable<Row> {
    private final List<Dataset> datasets;

    DatasetRows(List<Dataset> datasets) {
        this.datasets = List.copyOf(datasets);
    }

    @Override
    public Iterator<Row> iterator() {
        return new Iterator<>() {
            private int next;
            private RowReader current;

            @Override
            public boolean hasNext() {
                while (current == null || !current.hasNext()) {
                    if (current != null) current.close();
                    current = null;
                    if (next == datasets.size()) return false;
                    current = datasets.get(next++).rows();
                }
                return true;
            }

            @Override
            public Row next() {
                if (!hasNext()) throw new NoSuchElementException();
                return current.next();
            }
        };
    }
}
