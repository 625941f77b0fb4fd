package dev.prompteval.run;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How the runner repeats a call that failed in a retryable way (rate limit, server error, timeout, network):
 * exponential backoff with full jitter, or exactly the wait the provider asked for ({@code Retry-After} or a
 * rate-limit reset header), capped.
 *
 * @param maxAttempts   calls per (row, sample) at most, the first included; 1 disables retries
 * @param baseDelay     the backoff ceiling before the first retry; it doubles for each further retry
 * @param maxDelay      the backoff ceiling never grows past this
 * @param maxRetryAfter the longest provider-requested wait honoured; longer requests are cut to this
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter) {

    /** 4 attempts, backoff ceilings 1 s, 2 s, 4 s (at most 30 s), provider waits up to 60 s. */
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(60));

    public RetryPolicy {
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        if (baseDelay.isNegative() || maxDelay.isNegative() || maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("retry delays must not be negative");
        }
    }

    /** A copy with another attempt limit. */
    public RetryPolicy withMaxAttempts(int attempts) {
        return new RetryPolicy(attempts, baseDelay, maxDelay, maxRetryAfter);
    }

    /**
     * The wait before retry number {@code retry} (1 for the first retry).
     *
     * @param retryAfter what the provider asked for, or null: then a uniformly random wait in
     *                   [0, min(maxDelay, baseDelay * 2^(retry-1))] ("full jitter", so that many workers hit by
     *                   the same failure do not come back in lockstep)
     */
    public Duration delay(int retry, Duration retryAfter, RandomGenerator random) {
        if (retryAfter != null) {
            if (retryAfter.isNegative()) return Duration.ZERO;
            return retryAfter.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter;
        }
        long ceiling = baseDelay.toNanos();
        for (int i = 1; i < retry && ceiling < maxDelay.toNanos(); i++) ceiling *= 2;
        ceiling = Math.min(ceiling, maxDelay.toNanos());
        return Duration.ofNanos((long) (random.nextDouble() * ceiling));
    }
}
