package dev.prompteval.internal.registry;

import dev.prompteval.internal.PromptEvalException;

/**
 * A registry operation that failed. The message names the prompt, the reference or file, what went wrong and what
 * to do; it never contains an API key.
 */
public class RegistryException extends PromptEvalException {

    /** What kind of failure it was, so callers can react without parsing messages. */
    public enum Kind {
        /** The prompt, version, label or file does not exist. */
        NOT_FOUND,
        /** Someone else changed the registry first (e.g. published a version after the expected one). */
        CONFLICT,
        /** The request itself is wrong: a bad name, reference, label, version or record. */
        INVALID,
        /** The registry rejected the credentials, or none were configured. */
        AUTH,
        /** The registry could not be reached or kept failing (timeouts, HTTP 429/5xx after retries). */
        UNAVAILABLE,
        /** Reading or writing local registry files failed. */
        IO
    }

    private final Kind kind;

    public RegistryException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public RegistryException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
