package dev.prompteval.internal.dataset;

import dev.prompteval.dataset.Assertion;
import dev.prompteval.dataset.Row;
import dev.prompteval.internal.template.PromptTemplate;

import java.io.IOException;
import java.util.List;

/** Streams a dataset once (twice when ids may repeat) and collects every problem; see {@link Dataset#validate}. */
final class DatasetValidator {
    private final Dataset dataset;
    private final List<PromptTemplate> templates;
    private final List<Assertion> suiteAssertions;
    /** Suite assertions already reported: one problem each, not one per row. */
    private final java.util.Set<Assertion> reportedSuiteAssertions = new java.util.HashSet<>();
    private final Problems problems;
    private final String file;

    DatasetValidator(Dataset dataset, List<PromptTemplate> templates, List<Assertion> suiteAssertions, int listed) {
        this.dataset = dataset;
        this.templates = List.copyOf(templates);
        this.suiteAssertions = List.copyOf(suiteAssertions);
        this.problems = new Problems(listed);
        this.file = dataset.name();
    }

    DatasetValidation validate() {
        Header header;
        long rows = 0;
        DuplicateIds ids = null;
        boolean unreadable = false;
        try (CsvRecords records = dataset.openRecords()) {
            header = dataset.readHeader(records);
            problems.addAll(header.problems());
            RowParser parser = new RowParser(file, header, dataset.types());
            ids = header.idColumn() == null ? null : new DuplicateIds();
            var missing = new MissingVariables(templates, header, file);
            try {
                for (CsvRecords.Record record; (record = records.next()) != null; ) {
                    RowParser.Parsed parsed = parser.parse(record, ++rows);
                    problems.addAll(parsed.problems());
                    String id = parser.id(record);
                    if (ids != null && id != null) ids.add(id);
                    if (parsed.row() != null) {
                        missing.check(parsed.row());
                        checkAssertionVariables(parsed.row());
                    }
                }
            } catch (CsvRecords.CsvReadException e) {
                problems.add(new DatasetProblem(file, e.line(), null, e.getMessage()));
                unreadable = true;
            }
            if (rows == 0 && !unreadable) {
                problems.add(new DatasetProblem(file, header.line(), null, "the dataset has a header but no rows;"
                        + " add rows below the header"));
            }
            problems.addAll(missing.problems(rows));
        } catch (DatasetException e) {
            if (e.located().isEmpty()) throw e;
            problems.addAll(e.located()); // an empty file or an unreadable header: nothing more to check
            return problems.result(file, rows);
        } catch (IOException e) {
            throw new DatasetException("dataset " + file + " could not be closed: " + e.getMessage(), e);
        }
        if (ids != null && ids.anySuspect()) reportDuplicates(header, ids);
        return problems.result(file, rows);
    }

    /** Every {@code {{variable}}} an assertion (the row's or the suite's) uses must be a column of the row. */
    private void checkAssertionVariables(Row row) {
        for (Assertion assertion : row.assertions()) checkVariables(row, assertion);
        for (Assertion assertion : suiteAssertions) {
            if (!reportedSuiteAssertions.contains(assertion) && checkVariables(row, assertion)) {
                reportedSuiteAssertions.add(assertion);
            }
        }
    }

    /** @return whether a problem was added */
    private boolean checkVariables(Row row, Assertion assertion) {
        List<String> lacking = AssertionVariables.missing(assertion.value(), row.variables());
        if (lacking.isEmpty()) return false;
        problems.add(new DatasetProblem(file, row.line(), null, "row " + row.rowNumber() + ", "
                + assertion.column() + " " + Cells.quote(assertion.display()) + ": "
                + AssertionVariables.problem(lacking, row.variables())));
        return true;
    }

    private void reportDuplicates(Header header, DuplicateIds ids) {
        DuplicateIds.SecondPass pass = ids.secondPass();
        RowParser parser = new RowParser(file, header, dataset.types());
        int column = header.idColumn().number();
        try (CsvRecords records = dataset.openRecords()) {
            records.next(); // the header
            for (CsvRecords.Record record; (record = records.next()) != null; ) {
                String id = parser.id(record);
                long earlier = id == null ? -1 : pass.earlierLine(id, record.line());
                if (earlier >= 0) {
                    problems.add(new DatasetProblem(file, record.line(), column, "duplicate __id " + Cells.quote(id)
                            + ": line " + earlier + " has it too; give every row its own id (ids pair baseline and"
                            + " candidate results)"));
                }
            }
        } catch (CsvRecords.CsvReadException e) {
            // Already reported by the first pass, which stopped at the same record.
        } catch (IOException e) {
            throw new DatasetException("dataset " + file + " could not be closed: " + e.getMessage(), e);
        }
        problems.countUnlisted(ids.unchecked());
    }
}
