package dev.prompteval.internal.report;

import dev.prompteval.internal.PromptEvalException;

/** A report could not be written, or a gate file could not be read; the message says which file and what to do. */
public class ReportException extends PromptEvalException {
    public ReportException(String message) {
        super(message);
    }

    public ReportException(String message, Throwable cause) {
        super(message, cause);
    }
}
