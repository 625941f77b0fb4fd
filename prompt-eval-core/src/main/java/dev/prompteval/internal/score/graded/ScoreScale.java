package dev.prompteval.internal.score.graded;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a grader's {@code score} onto the 0..1 scale. Graders are asked for 0..1 but answer in other scales too:
 * <ul>
 *   <li>a number, or a string holding one, is read by its size: up to 1 as it is (0..1), above 1 up to 10 as tenths
 *       (a 0..10 scale: 8 is 0.8), above 10 up to 100 as hundredths (0..100: 85 is 0.85). So on a 0..10 or 0..100
 *       scale a score of 1 or less is misread as 0..1; the prompt asks for 0..1, which makes this rare;</li>
 *   <li>a string ending in {@code %} is a percentage: {@code "85%"} is 0.85;</li>
 *   <li>a fraction {@code "8/10"} or {@code "4 / 5"} is divided out, and must not exceed 1.</li>
 * </ul>
 * A negative score, one above 100, or anything else is an error: guessing would hide a broken grader.
 */
final class ScoreScale {

    private static final Pattern FRACTION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*/\\s*(\\d+(?:\\.\\d+)?)");

    private ScoreScale() {
    }

    /**
     * @return the score in [0, 1], or null when the node is missing or JSON null
     * @throws IllegalArgumentException saying what the score was and what is accepted
     */
    static Double read(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            return bySize(node.decimalValue(), node.asText());
        }
        if (!node.isTextual()) {
            throw invalid(node.toString());
        }
        String text = node.asText().strip();
        if (text.endsWith("%")) {
            BigDecimal percent = number(text.substring(0, text.length() - 1).strip(), text);
            if (percent.signum() < 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0) {
                throw invalid("\"" + text + "\"");
            }
            return percent.doubleValue() / 100;
        }
        Matcher fraction = FRACTION.matcher(text);
        if (fraction.matches()) {
            double over = Double.parseDouble(fraction.group(2));
            double value = Double.parseDouble(fraction.group(1)) / over;
            if (over == 0 || value > 1) {
                throw invalid("\"" + text + "\"");
            }
            return value;
        }
        return bySize(number(text, text), "\"" + text + "\"");
    }

    private static double bySize(BigDecimal value, String shown) {
        if (value.signum() < 0 || value.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw invalid(shown);
        }
        double x = value.doubleValue();
        if (x <= 1) {
            return x;
        }
        return x <= 10 ? x / 10 : x / 100;
    }

    private static BigDecimal number(String text, String shown) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw invalid("\"" + shown + "\"");
        }
    }

    private static IllegalArgumentException invalid(String shown) {
        return new IllegalArgumentException("\"score\" is " + shown + "; expected a number from 0 to 1 (0-10, "
                + "0-100, a percentage or a fraction such as 8/10 are also read)");
    }
}
