package dev.prompteval.internal.gate;

import dev.prompteval.internal.stats.Interval;

/** Pieces of the one-line messages shared by the rules. */
final class Lines {
    private Lines() {
    }

    /** {@code 0.81 [0.77, 0.85]}, or just {@code 0.81} when the interval is undefined. */
    static String valueWithInterval(Numbers numbers, double value, Interval interval) {
        String text = numbers.format(value);
        return interval.defined()
                ? text + " [" + numbers.format(interval.lower()) + ", " + numbers.format(interval.upper()) + "]"
                : text;
    }
}
