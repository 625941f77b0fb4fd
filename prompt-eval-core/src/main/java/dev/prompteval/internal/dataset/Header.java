package dev.prompteval.internal.dataset;

import dev.prompteval.internal.dataset.Column.Kind;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header record: which column is a template variable and which is a reserved {@code __} column.
 * Column names are trimmed, as promptfoo trims them.
 */
final class Header {
    static final String RESERVED_LIST = "__expected, __expected<N>, __description, __metric, __threshold, "
            + "__metadata:<key>, __config:__expected<N>:threshold, __id, __tags, __cluster";

    private static final Map<String, Kind> FIXED = Map.of("__description", Kind.DESCRIPTION,
            "__metric", Kind.METRIC, "__threshold", Kind.THRESHOLD, "__id", Kind.ID, "__tags", Kind.TAGS,
            "__cluster", Kind.CLUSTER);
    /** promptfoo options with no counterpart here, and what to do instead. */
    private static final Map<String, String> UNSUPPORTED = Map.of(
            "__prefix", "put the text into the prompt template instead",
            "__suffix", "put the text into the prompt template instead",
            "__providerOutput", "prompt-eval always calls the model; use a recorded provider for fixed outputs");
    /** Names promptfoo warns about: a reserved column written with one underscore. */
    private static final Pattern SINGLE_UNDERSCORE = Pattern.compile(
            "_(expected|prefix|suffix|description|providerOutput|metric|threshold|metadata|config).*");
    private static final Pattern CONFIG = Pattern.compile("__config:([^:]*):(.*)");

    private final List<Column> columns;
    private final long line;
    private final List<DatasetProblem> problems;

    private Header(List<Column> columns, long line, List<DatasetProblem> problems) {
        this.columns = List.copyOf(columns);
        this.line = line;
        this.problems = List.copyOf(problems);
    }

    /** The header in {@code record}, with every problem in it. */
    static Header of(CsvRecords.Record record, String file) {
        var reader = new Reader(record, file);
        reader.readAll();
        return new Header(reader.columns, record.line(), reader.problems);
    }

    List<Column> columns() {
        return columns;
    }

    int size() {
        return columns.size();
    }

    long line() {
        return line;
    }

    List<DatasetProblem> problems() {
        return problems;
    }

    /** The {@code __id} column, or null when rows are keyed by row number. */
    Column idColumn() {
        return columns.stream().filter(c -> c.kind() == Kind.ID).findFirst().orElse(null);
    }

    /** The kind of the column with this name, or null when there is none. */
    Kind kindOf(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).map(Column::kind).findFirst().orElse(null);
    }

    /** Classifies each header cell, collecting problems rather than stopping at the first. */
    private static final class Reader {
        private final CsvRecords.Record record;
        private final String file;
        private final List<Column> columns = new ArrayList<>();
        private final List<DatasetProblem> problems = new ArrayList<>();
        private final Map<String, Integer> seen = new HashMap<>();

        Reader(CsvRecords.Record record, String file) {
            this.record = record;
            this.file = file;
        }

        void readAll() {
            List<String> cells = record.cells();
            for (int i = 0; i < cells.size(); i++) {
                String name = cells.get(i).strip();
                columns.add(new Column(i, name, classify(name, i), key(name)));
            }
            for (Column column : columns) {
                if (column.kind() == Kind.ASSERTION_THRESHOLD && !isExpected(column.key())) {
                    problem(column.index(), "column " + column.name() + " configures column " + column.key()
                            + ", which is not an __expected column; name one, e.g. __config:__expected:threshold");
                } else if (column.kind() == Kind.ASSERTION_THRESHOLD && !seen.containsKey(column.key())) {
                    problem(column.index(), "column " + column.name() + " configures column " + column.key()
                            + ", but the header has no such column; add it or remove " + column.name());
                }
            }
        }

        private Kind classify(String name, int index) {
            if (Cells.undecodable(name)) return reject(index, Cells.undecodableMessage("header column " + (index + 1), name));
            if (name.isEmpty()) {
                return reject(index, "header column " + (index + 1) + " has no name; name every column (a template"
                        + " variable or a reserved column such as __expected), or delete the empty column");
            }
            Integer earlier = seen.putIfAbsent(name, index);
            if (earlier != null) {
                return reject(index, "duplicate column name \"" + name + "\" (also column " + (earlier + 1)
                        + "); rename or remove one of them");
            }
            if (isExpected(name)) return Kind.EXPECTED;
            Kind fixed = FIXED.get(name);
            if (fixed != null) return fixed;
            if (name.startsWith("__metadata")) return metadata(name, index);
            if (name.startsWith("__config:")) return config(name, index);
            if (UNSUPPORTED.containsKey(name)) {
                return reject(index, "column " + name + " is a promptfoo option that prompt-eval does not support; "
                        + UNSUPPORTED.get(name));
            }
            if (name.startsWith("__")) {
                return reject(index, "unknown reserved column \"" + name + "\"; reserved columns are "
                        + RESERVED_LIST + ", and a template variable may not start with __");
            }
            if (SINGLE_UNDERSCORE.matcher(name).matches()) {
                return reject(index, "column \"" + name + "\" has a single underscore; did you mean \"_" + name
                        + "\"? Reserved columns start with two underscores");
            }
            return Kind.VARIABLE;
        }

        private Kind metadata(String name, int index) {
            if (!name.startsWith("__metadata:") || name.length() == "__metadata:".length()) {
                return reject(index, "column \"" + name + "\" needs a key after __metadata:, e.g. "
                        + "__metadata:category");
            }
            return Kind.METADATA;
        }

        private Kind config(String name, int index) {
            Matcher m = CONFIG.matcher(name);
            if (!m.matches() || !m.group(2).equals("threshold")) {
                return reject(index, "column \"" + name + "\" is not supported; the only __config column is "
                        + "__config:__expected<N>:threshold (a threshold for the assertion in __expected<N>)");
            }
            return Kind.ASSERTION_THRESHOLD;
        }

        private Kind reject(int index, String message) {
            problem(index, message);
            return Kind.REJECTED;
        }

        private void problem(int index, String message) {
            problems.add(new DatasetProblem(file, record.line(), index + 1, message));
        }
    }

    /** promptfoo reads every column starting with {@code __expected} as an assertion (src/csv.ts). */
    private static boolean isExpected(String name) {
        return name.startsWith("__expected");
    }

    /** The metadata key ({@code []} dropped: promptfoo's array marker) or the configured assertion column. */
    private static String key(String name) {
        if (name.startsWith("__metadata:")) {
            String key = name.substring("__metadata:".length());
            return key.endsWith("[]") ? key.substring(0, key.length() - 2) : key;
        }
        Matcher config = CONFIG.matcher(name);
        return config.matches() ? config.group(1) : null;
    }
}
