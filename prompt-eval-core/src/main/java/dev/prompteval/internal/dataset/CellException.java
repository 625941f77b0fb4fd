package dev.prompteval.internal.dataset;

/**
 * A cell whose content is malformed; the message says what is wrong and what to write instead, and the caller
 * adds where it is. Carries no stack trace: it is an expected outcome of reading user data, not a bug.
 */
final class CellException extends Exception {
    CellException(String message) {
        super(message, null, false, false);
    }
}
