package dev.prompteval.internal.run;

import dev.prompteval.internal.retry.RetryPolicy;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Runner} runs: its concurrency, retries, limits and budget. Immutable; change it with the
 * {@code with...} methods, starting from {@link #defaults()}.
 *
 * @param concurrency      (row, sample) tasks in flight at most; while the provider answers with rate limits or
 *                         overloads, fewer calls are sent at once, growing back to this as calls succeed
 * @param retry            retries: rate limits and overloads within a time budget, other retryable failures a few
 *                         times
 * @param attemptTimeout   the longest one call may take before the runner gives up on it as a timeout (retryable),
 *                         or null to rely on the provider's own HTTP timeouts. When set, each call runs on a helper
 *                         thread; a call given up on may still run until the provider's timeout ends it
 * @param budgetUsd        the spend of one run at which no new task starts; tasks in flight still finish, so the
 *                         final spend can pass it by up to {@code concurrency} calls. Infinite for no budget.
 *                         Results resumed from a journal cost nothing in this run
 * @param rateLimiter      the provider's limits; share one instance between runs against the same provider
 * @param progressInterval the least time between two progress reports
 * @param clock            time and sleeping; {@link RunClock#SYSTEM} except in tests
 */
public record RunOptions(int concurrency, RetryPolicy retry, Duration attemptTimeout, double budgetUsd,
                         RateLimiter rateLimiter, Duration progressInterval, RunClock clock) {

    public RunOptions {
        if (concurrency < 1) throw new IllegalArgumentException("concurrency must be >= 1, was " + concurrency);
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(rateLimiter, "rateLimiter");
        Objects.requireNonNull(progressInterval, "progressInterval");
        Objects.requireNonNull(clock, "clock");
        if (attemptTimeout != null && (attemptTimeout.isZero() || attemptTimeout.isNegative())) {
            throw new IllegalArgumentException("attemptTimeout must be positive, was " + attemptTimeout);
        }
        if (!(budgetUsd > 0)) {
            throw new IllegalArgumentException("budgetUsd must be > 0 (infinite for no budget), was " + budgetUsd);
        }
    }

    /** Concurrency 8, {@link RetryPolicy#DEFAULT}, no attempt timeout, no budget, no rate limit, progress every 5 s. */
    public static RunOptions defaults() {
        return new RunOptions(8, RetryPolicy.DEFAULT, null, Double.POSITIVE_INFINITY, RateLimiter.unlimited(),
                Duration.ofSeconds(5), RunClock.SYSTEM);
    }

    public RunOptions withConcurrency(int tasks) {
        return new RunOptions(tasks, retry, attemptTimeout, budgetUsd, rateLimiter, progressInterval, clock);
    }

    public RunOptions withRetry(RetryPolicy policy) {
        return new RunOptions(concurrency, policy, attemptTimeout, budgetUsd, rateLimiter, progressInterval, clock);
    }

    public RunOptions withAttemptTimeout(Duration timeout) {
        return new RunOptions(concurrency, retry, timeout, budgetUsd, rateLimiter, progressInterval, clock);
    }

    public RunOptions withBudgetUsd(double budget) {
        return new RunOptions(concurrency, retry, attemptTimeout, budget, rateLimiter, progressInterval, clock);
    }

    public RunOptions withRateLimiter(RateLimiter limiter) {
        return new RunOptions(concurrency, retry, attemptTimeout, budgetUsd, limiter, progressInterval, clock);
    }

    public RunOptions withProgressInterval(Duration interval) {
        return new RunOptions(concurrency, retry, attemptTimeout, budgetUsd, rateLimiter, interval, clock);
    }

    public RunOptions withClock(RunClock runClock) {
        return new RunOptions(concurrency, retry, attemptTimeout, budgetUsd, rateLimiter, progressInterval, runClock);
    }
}
