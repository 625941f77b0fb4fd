package dev.prompteval.internal.retry;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * The retries of one call under a {@link RetryPolicy}: after each failed attempt, {@link #next} says how long to wait
 * before the next one, or that there is none. Callers keep their own loop (they differ in what a wait may be cut
 * short by), and all of them decide here. Not thread-safe: one per call.
 */
public final class RetrySchedule {
    private final RetryPolicy policy;
    private final LongSupplier nanoClock;
    private final long startedAt;
    private int attempts;
    private int transientFailures;
    private int overloads;
    private String givenUp;

    RetrySchedule(RetryPolicy policy, LongSupplier nanoClock) {
        this.policy = policy;
        this.nanoClock = nanoClock;
        this.startedAt = nanoClock.getAsLong();
    }

    /**
     * Records a failed attempt.
     *
     * @return the wait before the next attempt, or empty when there is to be none ({@link #givenUpBecause} says why)
     */
    public Optional<Duration> next(RetrySignal failure, RandomGenerator random) {
        attempts++;
        Duration wait;
        switch (failure.failureClass()) {
            case PERMANENT -> {
                return giveUp("it cannot succeed by retrying");
            }
            case TRANSIENT -> {
                transientFailures++;
                if (transientFailures >= policy.maxAttempts()) {
                    return giveUp(policy.maxAttempts() == 1 ? "retries are off"
                            : "it failed " + transientFailures + " times");
                }
                wait = wait(failure.retryAfter(), transientFailures, random);
            }
            default -> {
                overloads++;
                wait = wait(failure.retryAfter(), overloads, random);
            }
        }
        Duration spent = Duration.ofNanos(nanoClock.getAsLong() - startedAt);
        boolean overBudget = spent.plus(wait).compareTo(policy.overloadBudget()) > 0 || policy.overloadBudget().isZero();
        if (overBudget && (failure.failureClass() == FailureClass.OVERLOAD || failure.retryAfter() != null)) {
            return giveUp(failure.retryAfter() != null && failure.retryAfter().compareTo(policy.overloadBudget()) > 0
                    ? "the provider asked to wait " + seconds(failure.retryAfter()) + ", longer than the retry budget"
                    + " of " + seconds(policy.overloadBudget())
                    : "the retry budget of " + seconds(policy.overloadBudget()) + " is used up");
        }
        return Optional.of(wait);
    }

    private Duration wait(Duration retryAfter, int failures, RandomGenerator random) {
        if (retryAfter != null) {
            // Never sooner than asked; a little later at random, so that callers refused together spread out.
            return retryAfter.plusNanos((long) (random.nextDouble() * 0.1 * retryAfter.toNanos()));
        }
        long ceiling = policy.baseDelay().toNanos();
        for (int i = 1; i < failures && ceiling < policy.maxDelay().toNanos(); i++) ceiling *= 2;
        ceiling = Math.min(ceiling, policy.maxDelay().toNanos());
        return Duration.ofNanos((long) (ceiling * (1 - 0.25 * random.nextDouble())));
    }

    private Optional<Duration> giveUp(String why) {
        givenUp = why;
        return Optional.empty();
    }

    /** Failed attempts so far. */
    public int attempts() {
        return attempts;
    }

    /** Why the retries ended, e.g. {@code the retry budget of 600 s is used up}; null while they go on. */
    public String givenUpBecause() {
        return givenUp;
    }

    /** Time since the first attempt. */
    public Duration elapsed() {
        return Duration.ofNanos(nanoClock.getAsLong() - startedAt);
    }

    private static String seconds(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1e3);
    }
}
