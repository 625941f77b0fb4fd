package dev.prompteval.internal.score;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Formatting for one-line reasons: quoted, escaped and shortened text, and short numbers. Public so that scorers in
 * other packages (e.g. the model-graded ones) word their reasons the same way.
 */
public final class Reasons {

    /** Longest quoted excerpt; a reason must stay readable on one report line. */
    static final int MAX_QUOTE = 80;

    private Reasons() {
    }

    /** {@code "text"}, with line breaks escaped and long text cut to its head plus the total length. */
    public static String quote(String text) {
        if (text.length() <= MAX_QUOTE) {
            return '"' + escape(text) + '"';
        }
        return '"' + escape(text.substring(0, MAX_QUOTE)) + "…\" (" + text.length() + " chars)";
    }

    /** Text already quoted in its own way (e.g. JSON), with line breaks escaped and long text cut. */
    static String clip(String text) {
        String oneLine = text.replace("\r", "\\r").replace("\n", "\\n");
        return oneLine.length() <= MAX_QUOTE ? oneLine
                : oneLine.substring(0, MAX_QUOTE) + "… (" + text.length() + " chars)";
    }

    /** A window of {@code text} around {@code [start, end)}, so a match far into a long output is still shown. */
    static String quoteAround(String text, int start, int end) {
        if (text.length() <= MAX_QUOTE) {
            return quote(text);
        }
        int context = Math.max(10, (MAX_QUOTE - (end - start)) / 2);
        int from = Math.max(0, start - context);
        int to = Math.min(text.length(), Math.max(end + context, from + MAX_QUOTE));
        return (from > 0 ? "\"…" : "\"") + escape(text.substring(from, to))
                + (to < text.length() ? "…\"" : "\"") + " (at char " + start + " of " + text.length() + ")";
    }

    /** A score or threshold with at most four decimals and no trailing zeros, e.g. {@code 0.8}, {@code 0.6667}. */
    public static String number(double value) {
        return BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"")
                .replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
    }
}
