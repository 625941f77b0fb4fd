package dev.prompteval.internal.run;

import java.time.Duration;

/**
 * Requests-per-minute and tokens-per-minute limits for one provider: two token buckets, each refilled at its limit
 * and holding at most one second's worth, so that calls are spread evenly rather than burst (providers often
 * enforce per-minute limits over shorter windows). Share one instance between every run that calls the same
 * provider account.
 *
 * <p>A call reserves one request and an estimate of its tokens up front, possibly going into debt, and waits until
 * the debt is repaid; callers are thus served in arrival order, and one call larger than a second's worth of tokens
 * still goes through. Once the call answers, {@link #settle} corrects the estimate with the real usage. When the
 * provider answers with rate limits anyway, the runner sends fewer calls at once (see {@code AdaptiveConcurrency}).
 */
public final class RateLimiter {
    private final Bucket requests;
    private final Bucket tokens;
    private final RunClock clock;

    private RateLimiter(long requestsPerMinute, long tokensPerMinute, RunClock clock) {
        this.clock = clock;
        long now = clock.nanoTime();
        this.requests = requestsPerMinute > 0 ? new Bucket(requestsPerMinute, now) : null;
        this.tokens = tokensPerMinute > 0 ? new Bucket(tokensPerMinute, now) : null;
    }

    /** No limit. */
    public static RateLimiter unlimited() {
        return new RateLimiter(0, 0, RunClock.SYSTEM);
    }

    /**
     * @param requestsPerMinute 0 for no request limit
     * @param tokensPerMinute   0 for no token limit
     */
    public static RateLimiter perMinute(long requestsPerMinute, long tokensPerMinute) {
        return perMinute(requestsPerMinute, tokensPerMinute, RunClock.SYSTEM);
    }

    /** As {@link #perMinute(long, long)}, on the given clock. */
    public static RateLimiter perMinute(long requestsPerMinute, long tokensPerMinute, RunClock clock) {
        if (requestsPerMinute < 0 || tokensPerMinute < 0) {
            throw new IllegalArgumentException("rate limits must be >= 0 (0 means no limit), were "
                    + requestsPerMinute + " requests and " + tokensPerMinute + " tokens per minute");
        }
        return new RateLimiter(requestsPerMinute, tokensPerMinute, clock);
    }

    /**
     * Waits until one more call of about {@code estimatedTokens} tokens is allowed.
     *
     * @return false when {@code stop} was cancelled first; the call must then not be made
     */
    public boolean acquire(long estimatedTokens, CancellationToken stop) throws InterruptedException {
        long waitNanos = reserve(estimatedTokens);
        if (waitNanos > 0) clock.sleep(Duration.ofNanos(waitNanos), stop);
        return !stop.isCancelled();
    }

    /** Corrects a call's token reservation once its real usage is known. */
    public synchronized void settle(long estimatedTokens, long actualTokens) {
        if (tokens != null) tokens.level += estimatedTokens - actualTokens;
    }

    private synchronized long reserve(long estimatedTokens) {
        long now = clock.nanoTime();
        long wait = 0;
        if (requests != null) wait = Math.max(wait, requests.take(1, now));
        if (tokens != null) wait = Math.max(wait, tokens.take(estimatedTokens, now));
        return wait;
    }

    /** A bucket whose level may go negative: the debt of reservations not yet covered by refill. */
    private static final class Bucket {
        private final double perNano;
        private final double capacity;
        private double level;
        private long updatedAt;

        Bucket(long perMinute, long now) {
            this.perNano = perMinute / 60e9;
            this.capacity = Math.max(1.0, perMinute / 60.0);
            this.level = capacity;
            this.updatedAt = now;
        }

        /** Takes {@code amount} and returns the nanoseconds until the level is back to zero. */
        long take(long amount, long now) {
            level = Math.min(capacity, level + (now - updatedAt) * perNano);
            updatedAt = now;
            level -= amount;
            return level >= 0 ? 0 : (long) Math.ceil(-level / perNano);
        }
    }
}
