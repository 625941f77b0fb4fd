package dev.prompteval.internal.retry;

import okhttp3.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTest {
    private final RetryAfter retryAfter = new RetryAfter(Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"),
            ZoneOffset.UTC));

    private Duration from(int status, String... namesAndValues) {
        return retryAfter.from(Headers.of(namesAndValues), status);
    }

    @ParameterizedTest
    @CsvSource({"1s, PT1S", "6m0s, PT6M", "12ms, PT0.012S", "1h2m3.5s, PT1H2M3.5S", "20.5s, PT20.5S",
            "250us, PT0.00025S", "0s, PT0S"})
    void goDurationsAsOpenAiSendsThem(String text, Duration expected) {
        assertThat(RetryAfter.goDuration(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"soon", "1x", "s", "1s garbage", "-1s"})
    void notAGoDuration(String text) {
        assertThat(RetryAfter.goDuration(text)).isNull();
    }

    @Test
    void retryAfterInSecondsOrAsAnHttpDate() {
        assertThat(from(429, "Retry-After", "120")).isEqualTo(Duration.ofSeconds(120));
        assertThat(from(503, "Retry-After", "1.5")).isEqualTo(Duration.ofMillis(1500));
        assertThat(from(503, "Retry-After", "Sun, 01 Jun 2025 12:00:42 GMT")).isEqualTo(Duration.ofSeconds(42));
        assertThat(from(429, "Retry-After", "Sun, 01 Jun 2025 11:00:00 GMT")).as("a past date means now")
                .isEqualTo(Duration.ZERO);
    }

    @Test
    void retryAfterMsWinsOverRetryAfter() {
        assertThat(from(429, "retry-after-ms", "250", "retry-after", "1")).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void anUnusableRetryAfterIsNoAnswer() {
        assertThat(from(503, "Retry-After", "later")).isNull();
        assertThat(from(503)).isNull();
    }

    @Test
    void resetHeadersCountOnlyOnA429() {
        assertThat(from(500, "x-ratelimit-reset-requests", "1s")).isNull();
        assertThat(from(429, "x-ratelimit-reset-requests", "1s")).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void withoutAnExhaustedLimitTheEarliestResetIsUsed() {
        assertThat(from(429, "x-ratelimit-reset-requests", "2s", "x-ratelimit-reset-tokens", "6m0s"))
                .isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void allExhaustedLimitsMustRecover() {
        assertThat(from(429,
                "anthropic-ratelimit-requests-remaining", "0",
                "anthropic-ratelimit-requests-reset", "2025-06-01T12:00:10Z",
                "anthropic-ratelimit-output-tokens-remaining", "0",
                "anthropic-ratelimit-output-tokens-reset", "2025-06-01T12:01:00Z",
                "anthropic-ratelimit-input-tokens-remaining", "5000",
                "anthropic-ratelimit-input-tokens-reset", "2025-06-01T12:00:01Z"))
                .isEqualTo(Duration.ofMinutes(1));
    }
}
