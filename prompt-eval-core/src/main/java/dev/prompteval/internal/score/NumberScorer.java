package dev.prompteval.internal.score;

import dev.prompteval.score.Score;

import java.math.BigDecimal;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Numeric checks on the number an output states ({@link Numbers#find}): {@code number:42} (equal by value, so
 * {@code 42.0} passes), {@code number:42±0.5} or {@code number:42+-0.5} (within an inclusive tolerance), and
 * {@code gt:}, {@code gte:}, {@code lt:}, {@code lte:} with a number. Comparison is exact decimal arithmetic, so
 * {@code 0.3} is within {@code 0.1±0.2}. An output with no number fails.
 */
final class NumberScorer extends BinaryScorer<NumberScorer.Target> {

    /** How the stated number must relate to the assertion's. */
    enum Comparison {
        NUMBER("number", "=", (actual, t) -> actual.subtract(t.value()).abs().compareTo(t.tolerance()) <= 0),
        GT("gt", ">", (actual, t) -> actual.compareTo(t.value()) > 0),
        GTE("gte", ">=", (actual, t) -> actual.compareTo(t.value()) >= 0),
        LT("lt", "<", (actual, t) -> actual.compareTo(t.value()) < 0),
        LTE("lte", "<=", (actual, t) -> actual.compareTo(t.value()) <= 0);

        final String type;
        private final String symbol;
        private final BiPredicate<BigDecimal, Target> holds;

        Comparison(String type, String symbol, BiPredicate<BigDecimal, Target> holds) {
            this.type = type;
            this.symbol = symbol;
            this.holds = holds;
        }
    }

    /** The number to compare with, and for {@code number} the allowed distance (zero when none). */
    record Target(BigDecimal value, BigDecimal tolerance, String text) {
    }

    private static final Pattern WITH_TOLERANCE = Pattern.compile(
            "\\s*(" + Numbers.PLAIN + ")\\s*(?:(?:±|\\+-|\\+/-)\\s*(" + Numbers.UNSIGNED
                    + "))?\\s*");
    private static final Pattern SINGLE = Pattern.compile("\\s*(" + Numbers.PLAIN + ")\\s*");

    private final Comparison comparison;

    NumberScorer(Comparison comparison) {
        super(comparison.type);
        this.comparison = comparison;
    }

    @Override
    String example() {
        return comparison == Comparison.NUMBER ? "42±0.5" : "42";
    }

    @Override
    Target parse(String value) {
        Matcher m = (comparison == Comparison.NUMBER ? WITH_TOLERANCE : SINGLE).matcher(requireValue(value));
        if (!m.matches()) {
            throw new IllegalArgumentException(type() + " value " + Reasons.quote(value) + " is not "
                    + (comparison == Comparison.NUMBER ? "a number with an optional ±tolerance" : "a number")
                    + ", e.g. " + type() + ":" + example());
        }
        boolean tolerant = comparison == Comparison.NUMBER && m.group(2) != null;
        return new Target(new BigDecimal(m.group(1)), tolerant ? new BigDecimal(m.group(2)) : BigDecimal.ZERO,
                value.strip());
    }

    @Override
    Score evaluate(String output, Target target) {
        String expected = "expected a number " + comparison.symbol + " " + target.text();
        return Numbers.find(output)
                .map(found -> verdict(comparison.holds.test(found.value(), target),
                        expected + ", found " + found.text() + " in " + Reasons.quote(output)))
                .orElseGet(() -> Score.fail(expected + ", found no number in " + Reasons.quote(output)));
    }
}
