package dev.prompteval.internal.report;

import dev.prompteval.gate.Outcome;
import dev.prompteval.internal.run.RunResult;
import dev.prompteval.internal.stats.Interval;

import java.util.Locale;

/** Plain-text pieces shared by the human-readable reports: numbers, intervals, names and truncated text. */
final class Format {
    /** Shown where a number is undefined or absent. */
    static final String NONE = "—";

    private Format() {
    }

    /** A 0..1 value with three decimals, or {@link #NONE}. */
    static String value(Double value) {
        if (value == null || !Double.isFinite(value)) return NONE;
        return zeroless(String.format(Locale.ROOT, "%.3f", value));
    }

    /** A difference with its sign: {@code +0.010}, {@code -0.090}. */
    static String signed(Double value) {
        if (value == null || !Double.isFinite(value)) return NONE;
        String text = value(value);
        return text.startsWith("-") || text.equals("0.000") ? text : "+" + text;
    }

    /** {@code [-0.130, -0.050]}, or {@link #NONE} when undefined. */
    static String interval(Interval interval) {
        if (interval == null || !interval.defined()) return NONE;
        return "[" + value(interval.lower()) + ", " + value(interval.upper()) + "]";
    }

    /** {@code 95%} for a level of 0.95, {@code 99.5%} for 0.995. */
    static String level(double level) {
        return String.format(Locale.ROOT, "%.1f", level * 100).replaceAll("\\.0$", "") + "%";
    }

    /** {@code label:prod (version 3)}, {@code file:prompts/x.json}. */
    static String reference(RunResult run) {
        return run.version() == null ? run.reference() : run.reference() + " (version " + run.version() + ")";
    }

    /** {@code openai/gpt-4o-mini}, or {@link #NONE} when unknown. */
    static String model(RunResult run) {
        if (run.model() == null) return NONE;
        return run.model().provider() == null ? run.model().name() : run.model().provider() + "/" + run.model().name();
    }

    /** A hash cut to the algorithm and 12 hex digits, enough to tell versions apart at a glance. */
    static String shortHash(String hash) {
        if (hash == null) return NONE;
        int colon = hash.indexOf(':');
        int end = Math.min(hash.length(), colon + 1 + 12);
        return end < hash.length() ? hash.substring(0, end) + "…" : hash;
    }

    /** {@code fail}, {@code warn}, ... or {@code not gated} for a metric no rule checks. */
    static String outcome(Outcome outcome) {
        return outcome == null ? "not gated" : outcome.name().toLowerCase(Locale.ROOT);
    }

    /** The text cut to at most {@code max} characters (whole code points), saying how much was left out. */
    static String truncate(String text, int max) {
        if (text == null) return "";
        int length = text.codePointCount(0, text.length());
        if (length <= max) return text;
        int end = text.offsetByCodePoints(0, max);
        return text.substring(0, end) + "… (" + (length - max) + " more characters)";
    }

    /** {@code 1 row}, {@code 3 rows}. */
    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String zeroless(String text) {
        return text.matches("-0\\.0+") ? text.substring(1) : text;
    }
}
