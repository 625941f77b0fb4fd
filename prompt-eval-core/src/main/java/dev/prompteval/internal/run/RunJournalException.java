package dev.prompteval.internal.run;

import dev.prompteval.internal.PromptEvalException;

/** A run journal that cannot be read or written; the message names the file and what to do. */
public class RunJournalException extends PromptEvalException {
    public RunJournalException(String message, Throwable cause) {
        super(message, cause);
    }
}
