package dev.prompteval.run;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryPolicyTest {
    private final RetryPolicy policy =
            new RetryPolicy(6, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(60));

    /** Draws the largest value nextDouble() can return (1 - 2^-53), so delays sit at their ceilings. */
    private final RandomGenerator highest = () -> -1L;
    private final RandomGenerator lowest = () -> 0L;

    @Test
    void backoffCeilingsDoubleUpToTheMaximum() {
        assertThat(ceilingsMillis()).containsExactly(1000, 2000, 4000, 5000, 5000);
    }

    @Test
    void fullJitterDrawsBetweenZeroAndTheCeiling() {
        assertThat(policy.delay(3, null, lowest)).isZero();
        var random = new SplittableRandom(42);
        for (int i = 0; i < 1000; i++) {
            assertThat(policy.delay(3, null, random)).isBetween(Duration.ZERO, Duration.ofSeconds(4));
        }
    }

    @Test
    void theProviderWaitIsHonouredExactlyUpToTheCap() {
        assertThat(policy.delay(1, Duration.ofMillis(1500), highest)).isEqualTo(Duration.ofMillis(1500));
        assertThat(policy.delay(1, Duration.ofMinutes(5), highest)).isEqualTo(Duration.ofSeconds(60));
        assertThat(policy.delay(1, Duration.ofSeconds(-3), highest)).isZero();
    }

    @Test
    void atLeastOneAttempt() {
        assertThatThrownBy(() -> RetryPolicy.DEFAULT.withMaxAttempts(0)).hasMessage("maxAttempts must be >= 1, was 0");
    }

    private long[] ceilingsMillis() {
        long[] millis = new long[5];
        // (1 - 2^-53) * ceiling rounds down by at most a nanosecond; add it back to read the ceiling.
        for (int retry = 1; retry <= 5; retry++) {
            millis[retry - 1] = policy.delay(retry, null, highest).plusNanos(1).toMillis();
        }
        return millis;
    }
}
