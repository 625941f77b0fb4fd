package dev.prompteval.internal.score;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds the number an output states: the whole output when it is a number (surrounding blanks allowed, e.g.
 * {@code 42}, {@code -0.5}, {@code 1e3}), otherwise the first number in the text. A number in text may have a sign,
 * a decimal point, an exponent and comma thousands groups ({@code 1,234.5} is 1234.5); it does not start inside a
 * word, so {@code gpt4} holds no number, and {@code 3-5} reads as 3.
 */
final class Numbers {

    /** A number without sign as written in an assertion value: {@code 42}, {@code 0.5}, {@code .5}, {@code 1e3}. */
    static final String UNSIGNED = "(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?";
    static final String PLAIN = "[-+]?" + UNSIGNED;

    private static final Pattern IN_TEXT = Pattern.compile(
            "(?<![\\p{L}\\p{N}_])[-+]?(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?(?:[eE][-+]?\\d+)?");

    /** A number found in an output and the text it was read from. */
    record Found(BigDecimal value, String text) {
    }

    private Numbers() {
    }

    static Optional<Found> find(String output) {
        String whole = output.strip();
        if (whole.matches(PLAIN)) {
            return Optional.of(new Found(new BigDecimal(whole), whole));
        }
        var matcher = IN_TEXT.matcher(output);
        if (!matcher.find()) {
            return Optional.empty();
        }
        return Optional.of(new Found(new BigDecimal(matcher.group().replace(",", "")), matcher.group()));
    }
}
