package dev.prompteval.internal.score.graded;

import dev.prompteval.internal.retry.Failures;
import dev.prompteval.internal.retry.RetryPolicy;
import dev.prompteval.internal.retry.RetrySchedule;
import dev.prompteval.provider.ProviderException;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Repeats a grader call that failed in a retryable way, as the {@link RetrySchedule} of its {@link RetryPolicy}
 * says (the same rules as model calls: rate limits and overloads within the time budget, waiting what the provider
 * asked for; other retryable failures up to the attempt limit; quota, auth and bad requests never).
 */
final class GraderRetry {

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

    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final LongSupplier nanoClock;
    private final RandomGenerator random;

    GraderRetry(RetryPolicy policy, Sleeper sleeper, LongSupplier nanoClock, RandomGenerator random) {
        this.policy = policy;
        this.sleeper = sleeper;
        this.nanoClock = nanoClock;
        this.random = random;
    }

    /** The default policy with {@code maxAttempts}, sleeping and drawing jitter for real. */
    static GraderRetry of(int maxAttempts) {
        return new GraderRetry(RetryPolicy.DEFAULT.withMaxAttempts(maxAttempts),
                duration -> Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000),
                System::nanoTime, ThreadLocalRandom.current());
    }

    /**
     * @param what the call, for messages, e.g. {@code llm-rubric grader gpt-4o-mini}
     * @throws GraderException with the last {@link ProviderException} as its cause
     */
    <T> T call(String what, Call<T> call) {
        RetrySchedule retries = policy.start(nanoClock);
        while (true) {
            try {
                return call.run();
            } catch (ProviderException e) {
                Optional<Duration> wait = retries.next(Failures.signalOf(e), random);
                if (wait.isEmpty()) {
                    String attempts = retries.attempts() > 1 ? " after " + retries.attempts() + " attempts" : "";
                    throw new GraderException(what + " failed" + attempts + ": " + e.getMessage(), e);
                }
                pause(what, wait.get(), e);
            }
        }
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
