package dev.prompteval.internal.retry;

import okhttp3.Headers;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads how long a provider asked us to wait from response headers:
 * {@code retry-after-ms}, {@code retry-after} (seconds or an HTTP date), and, on a 429 without those, the
 * rate-limit reset headers: OpenAI's {@code x-ratelimit-reset-requests|tokens} (Go durations such as {@code 1s},
 * {@code 6m0s}, {@code 12ms}) and Anthropic's {@code anthropic-ratelimit-*-reset} (RFC 3339 instants).
 */
public final class RetryAfter {
    private static final Pattern GO_DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");
    private static final List<String> OPENAI_LIMITS = List.of("requests", "tokens");
    private static final List<String> ANTHROPIC_LIMITS = List.of("requests", "tokens", "input-tokens", "output-tokens");

    private final Clock clock;

    public RetryAfter(Clock clock) {
        this.clock = clock;
    }

    /** The wait the headers ask for, or null when they say nothing usable. */
    public Duration from(Headers headers, int status) {
        Duration explicit = explicit(headers);
        if (explicit != null || status != 429) return explicit;
        List<Reset> resets = new ArrayList<>();
        for (String limit : OPENAI_LIMITS) {
            addReset(resets, headers, "x-ratelimit-reset-" + limit, "x-ratelimit-remaining-" + limit);
        }
        for (String limit : ANTHROPIC_LIMITS) {
            addReset(resets, headers, "anthropic-ratelimit-" + limit + "-reset",
                    "anthropic-ratelimit-" + limit + "-remaining");
        }
        return choose(resets);
    }

    private Duration explicit(Headers headers) {
        Optional<BigDecimal> millis = number(headers.get("retry-after-ms"));
        if (millis.isPresent()) return Duration.ofNanos(millis.get().movePointRight(6).longValue());
        String value = headers.get("retry-after");
        if (value == null) return null;
        Optional<BigDecimal> secs = number(value);
        if (secs.isPresent()) return Duration.ofNanos(secs.get().movePointRight(9).longValue());
        try {
            return untilNow(ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return null; // unusable header: the runner falls back to its own backoff
        }
    }

    private void addReset(List<Reset> resets, Headers headers, String resetHeader, String remainingHeader) {
        String value = headers.get(resetHeader);
        if (value == null) return;
        Duration wait = parseReset(value.trim());
        if (wait != null) resets.add(new Reset(wait, "0".equals(trimmed(headers.get(remainingHeader)))));
    }

    /** The longest wait among exhausted limits (all must recover); without one, the earliest reset. */
    private static Duration choose(List<Reset> resets) {
        Duration exhausted = resets.stream().filter(Reset::exhausted).map(Reset::delay)
                .max(Duration::compareTo).orElse(null);
        if (exhausted != null) return exhausted;
        return resets.stream().map(Reset::delay).min(Duration::compareTo).orElse(null);
    }

    private Duration parseReset(String value) {
        Duration go = goDuration(value);
        if (go != null) return go;
        try {
            return untilNow(OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Parses Go's {@code time.Duration} text, e.g. {@code 1h2m3.5s}, {@code 6m0s}, {@code 250ms}. */
    public static Duration goDuration(String value) {
        Matcher m = GO_DURATION_PART.matcher(value);
        BigDecimal nanos = BigDecimal.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(nanosPer(m.group(2)))));
            end = m.end();
        }
        return end == value.length() && end > 0 ? Duration.ofNanos(nanos.longValue()) : null;
    }

    private static long nanosPer(String unit) {
        return switch (unit) {
            case "h" -> 3_600_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "s" -> 1_000_000_000L;
            case "ms" -> 1_000_000L;
            case "us", "µs" -> 1_000L;
            default -> 1L;
        };
    }

    private Duration untilNow(Instant instant) {
        Duration d = Duration.between(clock.instant(), instant);
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** A non-negative decimal number, or empty (also for null). */
    private static Optional<BigDecimal> number(String value) {
        if (value == null) return Optional.empty();
        try {
            BigDecimal d = new BigDecimal(value.trim());
            return d.signum() < 0 ? Optional.empty() : Optional.of(d);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String trimmed(String s) {
        return s == null ? null : s.trim();
    }

    private record Reset(Duration delay, boolean exhausted) {
    }
}
