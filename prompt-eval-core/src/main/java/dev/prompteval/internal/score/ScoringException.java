package dev.prompteval.internal.score;

import dev.prompteval.dataset.Assertion;
import dev.prompteval.dataset.Row;
import dev.prompteval.internal.PromptEvalException;

/**
 * An assertion could not be evaluated at all: its type is unknown, its value is malformed (e.g. a bad regex or
 * JSONPath), or its scorer threw. This is a problem in the dataset or the scorer, never a failed assertion, so it
 * is raised rather than scored 0. The message names the row, its line, the assertion and the problem.
 */
public class ScoringException extends PromptEvalException {

    private static final long serialVersionUID = 1L;

    private final String rowId;
    private final transient Assertion assertion;

    public ScoringException(Row row, Assertion assertion, String problem, Throwable cause) {
        super("row " + row.displayName() + " (line " + row.line() + "), assertion "
                + (assertion.column() == null ? "" : assertion.column() + " ") + "\"" + assertion.display()
                + "\": " + problem, cause);
        this.rowId = row.id();
        this.assertion = assertion;
    }

    /** The {@code __id} of the row whose assertion failed to evaluate. */
    public String rowId() {
        return rowId;
    }

    /** The assertion that could not be evaluated. */
    public Assertion assertion() {
        return assertion;
    }
}
