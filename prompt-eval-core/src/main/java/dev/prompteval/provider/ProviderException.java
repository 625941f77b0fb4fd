package dev.prompteval.provider;

import java.time.Duration;
import java.util.Locale;

/**
 * A failed model call, classified by its {@link Kind} so that the runner knows whether and how to retry it (after
 * {@link #retryAfter()} when the provider said how long to wait). Messages never contain API keys.
 */
public class ProviderException extends Exception {

    /** Why the call failed. */
    public enum Kind {
        AUTH(false), QUOTA(false), RATE_LIMIT(true), SERVER(true), TIMEOUT(true), NETWORK(true), BAD_REQUEST(false),
        MALFORMED_RESPONSE(false), BUDGET(false), REPLAY_MISS(false),
        /** A batch API answered this line with an error (or not at all); the message carries its reason. */
        BATCH_LINE(false);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }

        /** Whether failures of this kind are retried unless the server said otherwise. */
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

    /** True unless retrying cannot help. */
    public boolean retryable() {
        return kind.retryable();
    }

    /**
     * True when the provider gave no answer for reasons outside the prompt: rate limits and overloads past the retry
     * budget, outages, timeouts, the network, quota, the key, the cost budget, a missing recording. Such a row is not
     * evaluated; it never counts as a failure of the prompt. A bad request (which a prompt can cause, e.g. by being
     * too long) and an unreadable answer stay the row's errors.
     */
    public boolean saysNothingAboutThePrompt() {
        return kind != Kind.BAD_REQUEST && kind != Kind.MALFORMED_RESPONSE;
    }

    /** A short, stable name of the cause, for counts: the kind in words and the HTTP status. */
    public String cause() {
        String words = kind.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return httpStatus > 0 ? words + " (HTTP " + httpStatus + ")" : words;
    }
}
