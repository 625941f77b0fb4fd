package dev.prompteval.internal.dataset;

import dev.prompteval.dataset.Assertion;
import dev.prompteval.internal.template.PromptTemplate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A CSV eval dataset file. Cheap to create and immutable: the file is read when rows are asked for, and again
 * for each call, so a dataset of any size is streamed.
 *
 * <p>Typical use, before any model is called:
 * <pre>{@code
 * AssertionTypes types = ...; // what the scorer registry can score
 * Dataset dataset = Dataset.open(Path.of("data/orders.csv"), types);
 * dataset.validate(List.of(candidate, baseline)).throwIfInvalid();
 * try (RowReader rows = dataset.rows()) {
 *     rows.forEachRemaining(row -> ...);
 * }
 * }</pre>
 *
 * <p>The format (see the package documentation for the details): a header row, UTF-8 with or without BOM,
 * RFC 4180 quoting with multi-line cells. Every ordinary column is a template variable; reserved columns
 * follow promptfoo: {@code __expected}, {@code __expected<N>}, {@code __description}, {@code __metric},
 * {@code __threshold}, {@code __metadata:<key>}, {@code __config:__expected<N>:threshold}; and ours:
 * {@code __id}, {@code __tags}, {@code __cluster}.
 */
public final class Dataset {
    private final Path file;
    private final String name;
    private final AssertionTypes types;

    private Dataset(Path file, String name, AssertionTypes types) {
        this.file = file;
        this.name = name;
        this.types = types;
    }

    /** A dataset named in messages by {@code file} as given (keep it relative for readable messages). */
    public static Dataset open(Path file, AssertionTypes types) {
        return open(file, file.toString(), types);
    }

    /**
     * @param name  how problems name the file, e.g. the path relative to the project
     * @param types the assertion types that can be scored, to read {@code __expected} cells
     * @throws DatasetException when the file does not exist or cannot be read
     */
    public static Dataset open(Path file, String name, AssertionTypes types) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new DatasetException("dataset " + name + " does not exist or is not a readable file ("
                    + file.toAbsolutePath() + "); check the dataset path");
        }
        return new Dataset(file, name, types);
    }

    public Path file() {
        return file;
    }

    /** The name problems use for the file. */
    public String name() {
        return name;
    }

    /**
     * Opens the rows for reading, in file order.
     *
     * @throws DatasetException when the header has problems (or the file is empty or unreadable); a reader
     *                          also throws it at the first row with a problem
     */
    public RowReader rows() {
        CsvRecords records = openRecords();
        try {
            Header header = readHeader(records);
            if (!header.problems().isEmpty()) throw new DatasetException(header.problems());
            return new RowReader(records, new RowParser(name, header, types), name);
        } catch (RuntimeException e) {
            closeQuietly(records, e);
            throw e;
        }
    }

    /**
     * Checks the whole file against the prompts that will be rendered with it, reporting every problem at once:
     * header problems, unreadable CSV, unknown assertion types, malformed thresholds, duplicate {@code __id}s,
     * and variables a prompt needs that rows do not supply. Streams the file (twice when ids look duplicated),
     * holding only a 64-bit hash per row id, so a file of millions of rows validates in a small heap.
     */
    public DatasetValidation validate(List<PromptTemplate> templates) {
        return validate(templates, List.of());
    }

    /**
     * As {@link #validate(List)}, also checking that every {@code {{variable}}} of the assertions applied to every
     * row (a suite's own) is a column of the rows; each such problem is reported once, at the first row lacking it.
     */
    public DatasetValidation validate(List<PromptTemplate> templates, List<Assertion> suiteAssertions) {
        return new DatasetValidator(this, templates, suiteAssertions, DatasetValidation.LISTED).validate();
    }

    /** {@link #validate(List)} for one prompt. */
    public DatasetValidation validate(PromptTemplate template) {
        return validate(List.of(template));
    }

    /**
     * {@code sha256:<hex>} of the file's bytes (streamed), so a gate decision can name exactly the data it saw.
     */
    public String contentHash() {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) digest.update(buffer, 0, n);
            return "sha256:" + HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new DatasetException("dataset " + name + " cannot be read: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "Dataset[" + name + "]";
    }

    AssertionTypes types() {
        return types;
    }

    CsvRecords openRecords() {
        try {
            return CsvRecords.open(file);
        } catch (IOException e) {
            throw new DatasetException("dataset " + name + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * The first record as the header.
     *
     * @throws DatasetException when the file is empty or its first record is not readable CSV
     */
    Header readHeader(CsvRecords records) {
        try {
            CsvRecords.Record first = records.next();
            if (first == null) {
                throw new DatasetException(List.of(new DatasetProblem(name, 1, null, "the file is empty; a "
                        + "dataset starts with a header row naming its columns, e.g. question,__expected")));
            }
            return Header.of(first, name);
        } catch (CsvRecords.CsvReadException e) {
            throw new DatasetException(List.of(new DatasetProblem(name, e.line(), null, e.getMessage())));
        }
    }

    private static void closeQuietly(CsvRecords records, RuntimeException failure) {
        try {
            records.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
