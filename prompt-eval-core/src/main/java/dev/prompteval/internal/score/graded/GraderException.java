package dev.prompteval.internal.score.graded;

import dev.prompteval.internal.PromptEvalException;

/**
 * A model-graded assertion could not be judged: the grader or embedding call failed (after its retries), or the
 * grader's answer is not a verdict. Never a failed assertion: {@link dev.prompteval.internal.score.RowScorer} turns it into
 * a {@link dev.prompteval.internal.score.ScoringException} naming the row, and the runner into an errored row. The cause is
 * the {@link dev.prompteval.provider.ProviderException} when a call failed.
 */
public class GraderException extends PromptEvalException {

    private static final long serialVersionUID = 1L;

    public GraderException(String message, Throwable cause) {
        super(message, cause);
    }
}
