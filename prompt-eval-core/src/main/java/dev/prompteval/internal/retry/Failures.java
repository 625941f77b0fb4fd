package dev.prompteval.internal.retry;

import dev.prompteval.provider.ProviderException.Kind;
import dev.prompteval.provider.ProviderException;

import java.time.Duration;

/**
 * How the retry home reads a failed model call. A {@link ProviderException} thrown by a custom target is classified
 * by its kind and status alone; the providers' HTTP clients may know more (an {@code x-should-retry} header, a quota
 * message) and say so with {@link #classified}.
 */
public final class Failures {
    private Failures() {
    }

    /** A failure whose retry class the server decided, not the kind. */
    public static ProviderException classified(Kind kind, String message, int httpStatus, Duration retryAfter,
                                               Throwable cause, FailureClass failureClass) {
        return new Classified(kind, message, httpStatus, retryAfter, cause, failureClass);
    }

    /** A copy of the failure with the same class, for a caller that must own its exception. */
    public static ProviderException copy(ProviderException e) {
        return classified(e.kind(), e.getMessage(), e.httpStatus(), e.retryAfter(), e, classOf(e));
    }

    /** Whether and how the call may be retried. */
    public static FailureClass classOf(ProviderException e) {
        if (e instanceof Classified c) {
            return c.failureClass;
        }
        Kind kind = e.kind();
        int status = e.httpStatus();
        if (kind == Kind.RATE_LIMIT || (kind == Kind.SERVER && (status == 529 || status == 503))) {
            return FailureClass.OVERLOAD;
        }
        return kind.retryable() ? FailureClass.TRANSIENT : FailureClass.PERMANENT;
    }

    /** The failure as the retry schedule reads it; the cause is e.g. {@code rate limit (HTTP 429)}. */
    public static RetrySignal signalOf(ProviderException e) {
        return new RetrySignal(classOf(e), e.retryAfter(), e.cause());
    }

    private static final class Classified extends ProviderException {
        private final FailureClass failureClass;

        Classified(Kind kind, String message, int httpStatus, Duration retryAfter, Throwable cause,
                   FailureClass failureClass) {
            super(kind, message, httpStatus, retryAfter, cause);
            this.failureClass = failureClass;
        }

        @Override
        public boolean retryable() {
            return failureClass != FailureClass.PERMANENT;
        }
    }
}
