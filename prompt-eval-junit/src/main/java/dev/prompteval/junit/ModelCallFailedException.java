package dev.prompteval.junit;

/**
 * A row invocation whose output is missing: the call failed (provider error, replay miss, custom target threw) or
 * the run stopped before it. An error rather than an assertion failure, so reports tell it apart from a wrong output.
 */
final class ModelCallFailedException extends RuntimeException {
    ModelCallFailedException(String message) {
        super(message);
    }
}
