package dev.prompteval.run;

/** A run journal that cannot be read or written; the message names the file and what to do. */
public class RunJournalException extends RuntimeException {
    public RunJournalException(String message, Throwable cause) {
        super(message, cause);
    }
}
