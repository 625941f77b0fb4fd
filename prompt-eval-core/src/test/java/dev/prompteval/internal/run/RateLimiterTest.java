package dev.prompteval.internal.run;

import dev.prompteval.internal.run.RunFixtures.FakeClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateLimiterTest {
    private final FakeClock clock = new FakeClock();
    private final CancellationToken running = new CancellationToken();

    @Test
    void requestsAreSpacedAtTheRateOnceTheOneSecondBurstIsUsed() throws InterruptedException {
        // 120 per minute = 2 per second: a burst of 2, then one every 500 ms.
        var limiter = RateLimiter.perMinute(120, 0, clock);

        for (int i = 0; i < 5; i++) assertThat(limiter.acquire(1, running)).isTrue();

        assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(500), Duration.ofMillis(500),
                Duration.ofMillis(500));
    }

    @Test
    void idleTimeRefillsNoMoreThanTheBurst() throws InterruptedException {
        var limiter = RateLimiter.perMinute(120, 0, clock);
        clock.advance(Duration.ofMinutes(10));

        for (int i = 0; i < 3; i++) limiter.acquire(1, running);

        assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(500));
    }

    @Test
    void tokensAreReservedByEstimateAndCorrectedByTheRealUsage() throws InterruptedException {
        // 6,000 tokens per minute = 100 per second, burst 100.
        var limiter = RateLimiter.perMinute(0, 6_000, clock);

        limiter.acquire(300, running); // 100 - 300 = -200: 2 s of debt
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(2));

        limiter.settle(300, 100); // the call used 100, not 300: 200 come back, the bucket is full again
        limiter.acquire(100, running);
        assertThat(clock.sleeps()).hasSize(1);

        limiter.acquire(50, running); // 0 - 50: half a second
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(2), Duration.ofMillis(500));
    }

    @Test
    void withoutLimitsNothingWaits() throws InterruptedException {
        var limiter = RateLimiter.perMinute(0, 0, clock);

        for (int i = 0; i < 100; i++) limiter.acquire(1_000_000, running);

        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void aStoppedRunGetsNoPermit() throws InterruptedException {
        var limiter = RateLimiter.perMinute(1, 0, clock);
        var stop = new CancellationToken();
        limiter.acquire(1, stop);
        stop.cancel("budget");

        assertThat(limiter.acquire(1, stop)).isFalse();
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void negativeLimitsAreRefused() {
        assertThatThrownBy(() -> RateLimiter.perMinute(-1, 0))
                .hasMessage("rate limits must be >= 0 (0 means no limit), were -1 requests and 0 tokens per minute");
    }
}
