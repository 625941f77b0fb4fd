package dev.prompteval.internal.dataset;

import dev.prompteval.dataset.Assertion;
import dev.prompteval.dataset.Row;
import dev.prompteval.internal.dataset.Column.Kind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns records into {@link Row}s, collecting every problem in a record rather than stopping at the first. */
final class RowParser {
    private final String file;
    private final Header header;
    private final AssertionTypes types;
    private final Column idColumn;

    RowParser(String file, Header header, AssertionTypes types) {
        this.file = file;
        this.header = header;
        this.types = types;
        this.idColumn = header.idColumn();
    }

    /** A parsed record: the row (null when the record is unusable) and what is wrong with it. */
    record Parsed(Row row, List<DatasetProblem> problems) {
    }

    Parsed parse(CsvRecords.Record record, long rowNumber) {
        var problems = new ArrayList<DatasetProblem>();
        if (record.cells().size() != header.size()) {
            problems.add(new DatasetProblem(file, record.line(), null, "row " + rowNumber + " has "
                    + record.cells().size() + " cells but the header has " + header.size() + " columns; add the "
                    + "missing commas or quote cells that contain commas (\"a, b\")"));
            return new Parsed(null, problems);
        }
        for (Column column : header.columns()) {
            String cell = record.cells().get(column.index());
            if (Cells.undecodable(cell)) {
                problems.add(problem(record, column, Cells.undecodableMessage("column " + column.name(), cell)));
            }
        }
        var builder = new RowBuilder(record, problems);
        for (Column column : header.columns()) builder.read(column);
        builder.applyAssertionThresholds();
        String id = idColumn == null ? String.valueOf(rowNumber) : id(record);
        if (id == null) {
            problems.add(problem(record, idColumn, "row " + rowNumber + " has an empty __id; give every row "
                    + "a unique id (it pairs baseline and candidate results), or delete the __id column to key "
                    + "rows by row number"));
        }
        Row row = new Row(id == null ? String.valueOf(rowNumber) : id, rowNumber, record.line(), builder.variables,
                builder.assertions, builder.description, builder.metric, builder.threshold, builder.metadata,
                builder.tags, builder.cluster);
        return new Parsed(row, problems);
    }

    /** The record's {@code __id}, or null when it has none or is not a well-formed row. */
    String id(CsvRecords.Record record) {
        if (idColumn == null || record.cells().size() != header.size()) return null;
        return Cells.strippedOrNull(record.cells().get(idColumn.index()));
    }

    private DatasetProblem problem(CsvRecords.Record record, Column column, String message) {
        return new DatasetProblem(file, record.line(), column.number(), message);
    }

    /** Collects one record's values column by column. */
    private final class RowBuilder {
        private final CsvRecords.Record record;
        private final List<DatasetProblem> problems;
        final Map<String, String> variables = new LinkedHashMap<>();
        final List<Assertion> assertions = new ArrayList<>();
        final Map<String, String> metadata = new LinkedHashMap<>();
        final Set<String> tags = new LinkedHashSet<>();
        String description;
        String metric;
        Double threshold;
        String cluster;

        RowBuilder(CsvRecords.Record record, List<DatasetProblem> problems) {
            this.record = record;
            this.problems = problems;
        }

        void read(Column column) {
            String cell = record.cells().get(column.index());
            switch (column.kind()) {
                case VARIABLE -> variables.put(column.name(), cell);
                case EXPECTED -> expected(column, cell);
                case DESCRIPTION -> description = cell.isBlank() ? null : cell;
                case METRIC -> metric = Cells.strippedOrNull(cell);
                case THRESHOLD -> threshold = rowThreshold(column, cell);
                case METADATA -> {
                    if (!cell.isBlank()) metadata.put(column.key(), cell);
                }
                case TAGS -> tags(cell);
                case CLUSTER -> cluster = Cells.strippedOrNull(cell);
                case ID, ASSERTION_THRESHOLD, REJECTED -> { }
            }
        }

        private void expected(Column column, String cell) {
            try {
                Assertion assertion = AssertionSyntax.read(cell, column.name(), types);
                if (assertion != null) assertions.add(assertion);
            } catch (CellException e) {
                problems.add(problem(record, column, e.getMessage()));
            }
        }

        private Double rowThreshold(Column column, String cell) {
            if (cell.isBlank()) return null;
            try {
                return Cells.threshold(cell, "__threshold", "0.8");
            } catch (CellException e) {
                problems.add(problem(record, column, e.getMessage()));
                return null;
            }
        }

        private void tags(String cell) {
            for (String tag : cell.split(",")) {
                if (!tag.isBlank()) tags.add(tag.strip());
            }
        }

        /** {@code __config:__expectedN:threshold} overrides the threshold of that column's assertion. */
        void applyAssertionThresholds() {
            for (Column column : header.columns()) {
                String cell = record.cells().get(column.index());
                if (column.kind() != Kind.ASSERTION_THRESHOLD || cell.isBlank()) continue;
                try {
                    double value = Cells.threshold(cell, column.name(), "0.8");
                    assertions.replaceAll(a -> a.column().equals(column.key())
                            ? new Assertion(a.type(), a.negated(), value, a.value(), a.weight(), a.column()) : a);
                } catch (CellException e) {
                    problems.add(problem(record, column, e.getMessage()));
                }
            }
        }
    }
}
