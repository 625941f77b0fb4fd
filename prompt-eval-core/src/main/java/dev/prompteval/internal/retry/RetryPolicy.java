package dev.prompteval.internal.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * When a failed call is tried again. Overloads and rate limits ({@link FailureClass#OVERLOAD}) are retried for as
 * long as {@code overloadBudget} allows, counted from the first attempt, however many attempts that takes: a busy
 * provider is flow control, not a failure. Other retryable failures ({@link FailureClass#TRANSIENT}) get
 * {@code maxAttempts} attempts in all. Permanent failures are never retried.
 *
 * <p>The wait is what the server asked for, plus up to 10% so that callers refused together do not return together;
 * without one it is exponential backoff with jitter as the official OpenAI and Anthropic SDKs do it:
 * {@code min(baseDelay * 2^(n-1), maxDelay)}, shortened by up to a quarter at random. A wait that would end past the
 * budget ends the retries instead.
 *
 * @param overloadBudget the longest time spent retrying one call, from its first attempt; {@link Duration#ZERO}
 *                       for no retries of overloads
 * @param maxAttempts    attempts in all, the first included, when the failures are transient; 1 for no retries
 * @param baseDelay      backoff before the first retry
 * @param maxDelay       the backoff never grows past this
 */
public record RetryPolicy(Duration overloadBudget, int maxAttempts, Duration baseDelay, Duration maxDelay) {

    /** Overloads retried for up to 10 minutes; 4 attempts for other failures; backoff 0.5 s doubling to 8 s. */
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(Duration.ofMinutes(10), 4, Duration.ofMillis(500), Duration.ofSeconds(8));

    /** One attempt, no retries. */
    public static final RetryPolicy NONE = new RetryPolicy(Duration.ZERO, 1, Duration.ZERO, Duration.ZERO);

    public RetryPolicy {
        Objects.requireNonNull(overloadBudget, "overloadBudget");
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
        if (overloadBudget.isNegative() || baseDelay.isNegative() || maxDelay.isNegative()) {
            throw new IllegalArgumentException("retry durations must not be negative");
        }
    }

    /** A copy with another attempt limit for transient failures. */
    public RetryPolicy withMaxAttempts(int attempts) {
        return new RetryPolicy(overloadBudget, attempts, baseDelay, maxDelay);
    }

    /** A copy with another time budget for overloads and rate limits. */
    public RetryPolicy withOverloadBudget(Duration budget) {
        return new RetryPolicy(budget, maxAttempts, baseDelay, maxDelay);
    }

    /**
     * The retries of one call, starting now.
     *
     * @param nanoClock monotonic nanoseconds, e.g. {@link System#nanoTime}
     */
    public RetrySchedule start(LongSupplier nanoClock) {
        return new RetrySchedule(this, nanoClock);
    }
}
