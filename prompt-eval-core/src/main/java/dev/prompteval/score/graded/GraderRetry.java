package dev.prompteval.score.graded;

import dev.prompteval.provider.ProviderException;

import java.time.Duration;

/**
 * Repeats a grader call that failed in a retryable way (rate limit, server error, timeout, network): after the wait
 * the provider asked for ({@code Retry-After} or a rate-limit reset header), else after 1 s, 2 s, 4 s..., every wait
 * capped at {@link #MAX_WAIT}. No jitter: graders run inside the runner's bounded concurrency, and a provider that
 * is rate limiting says when to come back. Other failures are not retried.
 */
final class GraderRetry {

    static final Duration BASE_DELAY = Duration.ofSeconds(1);
    static final Duration MAX_WAIT = Duration.ofSeconds(30);

    /** One attempt of a call. */
    @FunctionalInterface
    interface Call<T> {
        T run() throws ProviderException;
    }

    /** Waits between attempts; tests pass one that records instead of sleeping. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final int maxAttempts;
    private final Sleeper sleeper;

    GraderRetry(int maxAttempts, Sleeper sleeper) {
        this.maxAttempts = maxAttempts;
        this.sleeper = sleeper;
    }

    static GraderRetry of(int maxAttempts) {
        return new GraderRetry(maxAttempts, duration -> Thread.sleep(duration.toMillis()));
    }

    /**
     * @param what the call, for messages, e.g. {@code llm-rubric grader gpt-4o-mini}
     * @throws GraderException with the last {@link ProviderException} as its cause
     */
    <T> T call(String what, Call<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.run();
            } catch (ProviderException e) {
                if (!e.kind().retryable() || attempt >= maxAttempts) {
                    String attempts = attempt > 1 ? " after " + attempt + " attempts" : "";
                    throw new GraderException(what + " failed" + attempts + ": " + e.getMessage(), e);
                }
                pause(what, delay(attempt, e), e);
            }
        }
    }

    /** The wait before retry number {@code retry} (1 for the first). */
    static Duration delay(int retry, ProviderException failure) {
        Duration wait = failure.retryAfter() != null ? failure.retryAfter()
                : BASE_DELAY.multipliedBy(1L << Math.min(retry - 1, 20));
        return wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
    }

    private void pause(String what, Duration wait, ProviderException failure) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GraderException(what + " was interrupted while waiting to retry after: " + failure.getMessage(),
                    failure);
        }
    }
}
