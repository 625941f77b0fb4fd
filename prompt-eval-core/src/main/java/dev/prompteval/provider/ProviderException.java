package dev.prompteval.provider;

import java.time.Duration;

/**
 * A failed model call, classified so the runner knows whether to retry. Messages never contain API keys.
 */
public class ProviderException extends Exception {

    /** Why the call failed. */
    public enum Kind {
        AUTH(false), RATE_LIMIT(true), SERVER(true), TIMEOUT(true), NETWORK(true), BAD_REQUEST(false),
        MALFORMED_RESPONSE(false), BUDGET(false), REPLAY_MISS(false);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    private final Kind kind;
    private final int httpStatus;
    private final Duration retryAfter;

    public ProviderException(Kind kind, String message) {
        this(kind, message, 0, null, null);
    }

    /**
     * @param httpStatus the HTTP status, or 0 when there was none
     * @param retryAfter what the provider asked us to wait ({@code Retry-After} or a reset header), or null
     */
    public ProviderException(Kind kind, String message, int httpStatus, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
    }

    public Kind kind() {
        return kind;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The wait the provider asked for, or null when it did not say. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
