package dev.prompteval.internal;

import java.util.List;

/**
 * The root of every failure prompt-eval reports to its user: a configuration that cannot run, a dataset, template,
 * registry, report or journal problem. It carries the list of problems (one line each, naming the file, row,
 * prompt or setting and what to do), so a front end catches this one type and prints the list instead of a stack
 * trace.
 */
public class PromptEvalException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public PromptEvalException(String problem) {
        this(problem, (Throwable) null);
    }

    public PromptEvalException(String problem, Throwable cause) {
        super(problem, cause);
        this.problems = List.of(problem == null ? String.valueOf(cause) : problem);
    }

    /** Several problems at once; the message lists them all. */
    public PromptEvalException(List<String> problems) {
        super(describe(problems));
        this.problems = List.copyOf(problems);
    }

    /** Several problems, with a message of the caller's own (say one headline). */
    protected PromptEvalException(String message, List<String> problems, Throwable cause) {
        super(message, cause);
        this.problems = List.copyOf(problems);
    }

    /** Every problem, one line each; never empty. */
    public List<String> problems() {
        return problems;
    }

    private static String describe(List<String> problems) {
        return problems.size() == 1 ? problems.get(0)
                : problems.size() + " problems:\n  - " + String.join("\n  - ", problems);
    }
}
