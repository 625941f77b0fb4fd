package dev.prompteval.internal.retry;

import java.time.Duration;
import java.util.Objects;

/**
 * What one failed attempt says about the next: its class, and the wait the server asked for.
 *
 * @param failureClass whether and how to retry
 * @param retryAfter   the wait the server asked for ({@code Retry-After}, a reset header, Gemini's RetryInfo), or null
 * @param cause        a short, stable name of the cause for counts in reports, e.g. {@code rate limit (HTTP 429)}
 */
public record RetrySignal(FailureClass failureClass, Duration retryAfter, String cause) {
    public RetrySignal {
        Objects.requireNonNull(failureClass, "failureClass");
        Objects.requireNonNull(cause, "cause");
        if (retryAfter != null && retryAfter.isNegative()) retryAfter = Duration.ZERO;
    }
}
