package dev.prompteval.internal.dataset;

import dev.prompteval.internal.PromptEvalException;

import java.util.List;

/**
 * A dataset that cannot be read as it is. The message lists every known problem, one per line, each with file,
 * line and (where it applies) column; {@link #problems()} has the same lines, {@link #located()} the problems
 * themselves.
 */
public class DatasetException extends PromptEvalException {
    private static final long serialVersionUID = 1L;

    private final transient List<DatasetProblem> located;

    public DatasetException(List<DatasetProblem> problems) {
        this(describe(problems), problems);
    }

    public DatasetException(String message, List<DatasetProblem> problems) {
        super(message, problems.isEmpty() ? List.of(message)
                : problems.stream().map(DatasetProblem::toString).toList(), null);
        this.located = List.copyOf(problems);
    }

    /** A failure that concerns the whole file (e.g. it does not exist), so has no line. */
    public DatasetException(String message) {
        this(message, (Throwable) null);
    }

    /** A failure that concerns the whole file (e.g. it cannot be opened), so has no line. */
    public DatasetException(String message, Throwable cause) {
        super(message, cause);
        this.located = List.of();
    }

    /** The located problems; empty for whole-file failures. */
    public List<DatasetProblem> located() {
        return located;
    }

    private static String describe(List<DatasetProblem> problems) {
        var sb = new StringBuilder();
        for (DatasetProblem problem : problems) {
            if (!sb.isEmpty()) sb.append('\n');
            sb.append(problem);
        }
        return sb.toString();
    }
}
