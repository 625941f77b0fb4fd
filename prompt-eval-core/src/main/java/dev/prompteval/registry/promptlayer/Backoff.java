package dev.prompteval.registry.promptlayer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When to try a failed PromptLayer call again: exponential backoff with jitter (so that parallel pushes do not retry
 * in lockstep), never sooner than the server's {@code Retry-After}, and not at all once the attempts are used up or
 * the server asks for a longer wait than a build should sit through.
 */
final class Backoff {
    /** Sleeps; tests replace it to record waits instead of waiting. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    static final Duration LONGEST_WAIT = Duration.ofSeconds(60);

    private final int maxAttempts;
    private final Duration base;
    private final Duration cap;
    private final Sleeper sleeper;
    private final DoubleSupplier random;
    private final Clock clock;

    Backoff(int maxAttempts, Duration base, Duration cap, Sleeper sleeper, DoubleSupplier random, Clock clock) {
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1");
        this.maxAttempts = maxAttempts;
        this.base = base;
        this.cap = cap;
        this.sleeper = sleeper;
        this.random = random;
        this.clock = clock;
    }

    int maxAttempts() {
        return maxAttempts;
    }

    /**
     * The wait before the attempt after {@code attempt} (1-based), or empty when there is no further attempt.
     *
     * @param retryAfter the response's {@code Retry-After} header, or null
     */
    Optional<Duration> next(int attempt, String retryAfter) {
        if (attempt >= maxAttempts) return Optional.empty();
        long exponential = base.toMillis() << Math.min(attempt - 1, 20);
        long ceiling = Math.min(exponential, cap.toMillis());
        // "equal jitter": half fixed, half random, so a wait never collapses to zero
        Duration jittered = Duration.ofMillis(ceiling / 2 + (long) (random.getAsDouble() * (ceiling / 2.0)));
        Duration asked = parseRetryAfter(retryAfter);
        if (asked != null && asked.compareTo(LONGEST_WAIT) > 0) return Optional.empty();
        return Optional.of(asked != null && asked.compareTo(jittered) > 0 ? asked : jittered);
    }

    void sleep(Duration wait) throws InterruptedException {
        sleeper.sleep(wait);
    }

    /** {@code Retry-After} as delta-seconds or an HTTP date; null when absent or unreadable. */
    Duration parseRetryAfter(String header) {
        if (header == null || header.isBlank()) return null;
        String value = header.trim();
        if (value.chars().allMatch(Character::isDigit)) {
            return value.length() > 9 ? Duration.ofDays(365) : Duration.ofSeconds(Long.parseLong(value));
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(clock.instant(), at);
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (DateTimeParseException unreadable) {
            return null;
        }
    }
}
