package dev.prompteval.internal.shard;

import dev.prompteval.dataset.Row;

import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The rows of one shard, streamed from all of a suite's rows, noting each held row's position among all of them
 * (what the merge restores dataset order with) and, once read to the end, how many rows the suite has.
 */
final class ShardRows implements Iterable<Row> {
    private final Iterable<Row> all;
    private final Shard shard;
    private final Map<String, Long> positions = Collections.synchronizedMap(new LinkedHashMap<>());
    private volatile long rowCount = -1;

    ShardRows(Iterable<Row> all, Shard shard) {
        this.all = all;
        this.shard = shard;
    }

    /** Each held row's 0-based position among all the suite's rows, by row id. */
    Map<String, Long> positions() {
        synchronized (positions) {
            return new LinkedHashMap<>(positions);
        }
    }

    /** How many rows the suite has in all shards; -1 until the rows were read to their end. */
    long rowCount() {
        return rowCount;
    }

    @Override
    public Iterator<Row> iterator() {
        Iterator<Row> rows = all.iterator();
        return new Iterator<>() {
            private long position;
            private Row next;

            @Override
            public boolean hasNext() {
                while (next == null) {
                    if (!rows.hasNext()) {
                        rowCount = position;
                        return false;
                    }
                    Row row = rows.next();
                    if (shard.holds(row)) {
                        positions.put(row.id(), position);
                        next = row;
                    }
                    position++;
                }
                return true;
            }

            @Override
            public Row next() {
                if (!hasNext()) throw new NoSuchElementException();
                Row row = next;
                next = null;
                return row;
            }
        };
    }
}
