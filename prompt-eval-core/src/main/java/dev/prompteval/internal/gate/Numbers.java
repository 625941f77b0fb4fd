package dev.prompteval.internal.gate;

import java.util.Locale;

/**
 * Formats the 0..1 numbers of one message with a shared number of decimals: two, as in {@code 0.81}, or up to four
 * when two would make different numbers of the line look equal (say an interval bound and the baseline).
 */
final class Numbers {
    private static final int MIN_DECIMALS = 2;
    private static final int MAX_DECIMALS = 4;

    private final int decimals;

    private Numbers(int decimals) {
        this.decimals = decimals;
    }

    /** A formatter for a line showing {@code values} (NaN values are ignored). */
    static Numbers forLine(double... values) {
        for (int d = MIN_DECIMALS; d < MAX_DECIMALS; d++) {
            if (distinguishes(d, values)) return new Numbers(d);
        }
        return new Numbers(MAX_DECIMALS);
    }

    String format(double value) {
        String text = String.format(Locale.ROOT, "%." + decimals + "f", value);
        // A tiny negative bound would print as -0.00; it reads as zero.
        return text.matches("-0\\.0+") ? text.substring(1) : text;
    }

    private static boolean distinguishes(int decimals, double[] values) {
        Numbers numbers = new Numbers(decimals);
        for (int i = 0; i < values.length; i++) {
            for (int j = i + 1; j < values.length; j++) {
                boolean differ = Math.abs(values[i] - values[j]) > 1e-12;
                if (differ && numbers.format(values[i]).equals(numbers.format(values[j]))) return false;
            }
        }
        return true;
    }
}
