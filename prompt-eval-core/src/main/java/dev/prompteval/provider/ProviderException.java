package dev.prompteval.provider;

import dev.prompteval.internal.retry.FailureClass;
import dev.prompteval.internal.retry.RetrySignal;

import java.time.Duration;
import java.util.Locale;

/**
 * A failed model call, classified so that callers know whether and how to retry ({@link #retrySignal()}).
 * Messages never contain API keys.
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
    private final FailureClass failureClass;

    public ProviderException(Kind kind, String message) {
        this(kind, message, 0, null, null);
    }

    /**
     * @param httpStatus the HTTP status, or 0 when there was none
     * @param retryAfter what the provider asked us to wait ({@code Retry-After} or a reset header), or null
     */
    public ProviderException(Kind kind, String message, int httpStatus, Duration retryAfter, Throwable cause) {
        this(kind, message, httpStatus, retryAfter, cause, defaultClass(kind, httpStatus));
    }

    /** @param failureClass how to retry, when the server said more than the kind does (e.g. {@code x-should-retry}) */
    public ProviderException(Kind kind, String message, int httpStatus, Duration retryAfter, Throwable cause,
                             FailureClass failureClass) {
        super(message, cause);
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
        this.failureClass = failureClass;
    }

    private static FailureClass defaultClass(Kind kind, int status) {
        if (kind == Kind.RATE_LIMIT || (kind == Kind.SERVER && (status == 529 || status == 503))) {
            return FailureClass.OVERLOAD;
        }
        return kind.retryable() ? FailureClass.TRANSIENT : FailureClass.PERMANENT;
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

    /** Whether and how the call may be retried. */
    public FailureClass failureClass() {
        return failureClass;
    }

    /** True unless retrying cannot help. */
    public boolean retryable() {
        return failureClass != FailureClass.PERMANENT;
    }

    /** This failure as the retry schedule reads it; the cause is e.g. {@code rate limit (HTTP 429)}. */
    public RetrySignal retrySignal() {
        return new RetrySignal(failureClass, retryAfter, cause());
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
