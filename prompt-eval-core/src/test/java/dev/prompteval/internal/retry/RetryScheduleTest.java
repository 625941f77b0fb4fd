package dev.prompteval.internal.retry;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryScheduleTest {
    /** Draws the largest value nextDouble() can return (1 - 2^-53). */
    private static final RandomGenerator HIGHEST = () -> -1L;
    private static final RandomGenerator LOWEST = () -> 0L;
    private static final RetrySignal OVERLOAD = new RetrySignal(FailureClass.OVERLOAD, null, "rate limit (HTTP 429)");
    private static final RetrySignal TRANSIENT = new RetrySignal(FailureClass.TRANSIENT, null, "server (HTTP 500)");

    private final AtomicLong now = new AtomicLong();

    /** Runs the schedule, advancing the clock by each wait, until it gives up; returns the waits. */
    private List<Duration> waitsUntilGivenUp(RetrySchedule schedule, RetrySignal failure, RandomGenerator random,
                                             int limit) {
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < limit; i++) {
            Optional<Duration> wait = schedule.next(failure, random);
            if (wait.isEmpty()) break;
            waits.add(wait.get());
            now.addAndGet(wait.get().toNanos());
        }
        return waits;
    }

    @Test
    void backoffStartsAtHalfASecondAndDoublesToEightSecondsLikeTheOfficialSdks() {
        var schedule = RetryPolicy.DEFAULT.withMaxAttempts(100).start(now::get);

        assertThat(waitsUntilGivenUp(schedule, TRANSIENT, LOWEST, 7)).containsExactly(Duration.ofMillis(500),
                Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8),
                Duration.ofSeconds(8), Duration.ofSeconds(8));
    }

    @Test
    void jitterShortensABackoffByAtMostAQuarter() {
        var schedule = RetryPolicy.DEFAULT.start(now::get);

        assertThat(schedule.next(TRANSIENT, HIGHEST)).hasValueSatisfying(wait ->
                assertThat(wait).isBetween(Duration.ofMillis(375), Duration.ofMillis(376)));
    }

    @Test
    void aServerRequestedWaitIsNeverShortenedAndAtMostATenthLonger() {
        var asked = new RetrySignal(FailureClass.OVERLOAD, Duration.ofSeconds(1), "rate limit (HTTP 429)");

        assertThat(RetryPolicy.DEFAULT.start(now::get).next(asked, LOWEST)).contains(Duration.ofSeconds(1));
        assertThat(RetryPolicy.DEFAULT.start(now::get).next(asked, HIGHEST)).hasValueSatisfying(wait ->
                assertThat(wait).isBetween(Duration.ofMillis(1099), Duration.ofMillis(1100)));
    }

    @Test
    void transientFailuresGetTheAttemptLimit() {
        var schedule = RetryPolicy.DEFAULT.start(now::get);

        assertThat(waitsUntilGivenUp(schedule, TRANSIENT, LOWEST, 100)).hasSize(3);
        assertThat(schedule.attempts()).isEqualTo(4);
        assertThat(schedule.givenUpBecause()).isEqualTo("it failed 4 times");
    }

    @Test
    void overloadsAreRetriedUntilTheTimeBudgetNotACount() {
        var schedule = RetryPolicy.DEFAULT.withOverloadBudget(Duration.ofMinutes(2)).start(now::get);

        List<Duration> waits = waitsUntilGivenUp(schedule, OVERLOAD, LOWEST, 1000);

        // 0.5 + 1 + 2 + 4 = 7.5 s, then 8 s waits: 14 of them fit in the remaining 112.5 s.
        assertThat(waits).hasSize(4 + 14);
        assertThat(waits.stream().mapToLong(Duration::toMillis).sum()).isLessThanOrEqualTo(120_000);
        assertThat(schedule.givenUpBecause()).isEqualTo("the retry budget of 120 s is used up");
    }

    @Test
    void overloadsDoNotUseUpTheAttemptsOfTransientFailures() {
        var schedule = RetryPolicy.DEFAULT.start(now::get);
        for (int i = 0; i < 10; i++) assertThat(schedule.next(OVERLOAD, LOWEST)).isPresent();

        assertThat(waitsUntilGivenUp(schedule, TRANSIENT, LOWEST, 100)).hasSize(3);
    }

    @Test
    void aWaitLongerThanTheBudgetEndsTheRetriesAtOnce() {
        var schedule = RetryPolicy.DEFAULT.start(now::get);
        var asked = new RetrySignal(FailureClass.OVERLOAD, Duration.ofHours(24), "rate limit (HTTP 429)");

        assertThat(schedule.next(asked, LOWEST)).isEmpty();
        assertThat(schedule.givenUpBecause()).isEqualTo("the provider asked to wait 86400 s, longer than the retry "
                + "budget of 600 s");
    }

    @Test
    void permanentFailuresAreNeverRetried() {
        var schedule = RetryPolicy.DEFAULT.start(now::get);

        assertThat(schedule.next(new RetrySignal(FailureClass.PERMANENT, Duration.ofSeconds(1), "quota (HTTP 429)"),
                LOWEST)).isEmpty();
        assertThat(schedule.givenUpBecause()).isEqualTo("it cannot succeed by retrying");
    }

    @Test
    void noneMakesOneAttempt() {
        assertThat(RetryPolicy.NONE.start(now::get).next(TRANSIENT, LOWEST)).isEmpty();
        assertThat(RetryPolicy.NONE.start(now::get).next(OVERLOAD, LOWEST)).isEmpty();
    }

    @Test
    void atLeastOneAttempt() {
        assertThatThrownBy(() -> RetryPolicy.DEFAULT.withMaxAttempts(0)).hasMessage("maxAttempts must be >= 1, was 0");
    }
}
