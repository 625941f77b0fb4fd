package dev.prompteval.internal.batch;

import dev.prompteval.internal.PromptEvalException;

import java.util.List;

/**
 * Batches were submitted (or are still running) and the wait limit ended before they did: nothing was decided,
 * because a gate is never decided on missing answers. Each problem line names the suite, the batch and how far it
 * got; running the build again collects them (their ids are kept next to the run journals).
 */
public final class BatchPendingException extends PromptEvalException {
    private static final long serialVersionUID = 1L;

    public BatchPendingException(List<String> lines) {
        super(lines);
    }
}
