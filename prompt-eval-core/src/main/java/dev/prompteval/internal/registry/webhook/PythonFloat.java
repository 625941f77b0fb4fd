package dev.prompteval.internal.registry.webhook;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * A double written as Python's {@code json.dumps} writes a float: {@code repr(x)}, i.e. the shortest decimal that
 * reads back as the same double (the nearer one when two such exist), in fixed notation when the decimal point
 * falls within 16 digits ({@code 1e-05} &lt; |x| &lt; {@code 1e16}, always with a fractional part: {@code 10.0}),
 * otherwise as {@code d.ddde±XX}; and {@code NaN}, {@code Infinity}, {@code -Infinity} for the non-finite values.
 * Java 17's {@code Double.toString} is not always shortest (JDK-4511638), so the digits are searched here.
 */
final class PythonFloat {
    private PythonFloat() {
    }

    static String repr(double x) {
        if (Double.isNaN(x)) return "NaN";
        if (Double.isInfinite(x)) return x > 0 ? "Infinity" : "-Infinity";
        if (x == 0) return 1 / x < 0 ? "-0.0" : "0.0";
        double magnitude = Math.abs(x);
        BigDecimal shortest = shortest(magnitude).stripTrailingZeros();
        String digits = shortest.unscaledValue().toString();
        int decimalPoint = digits.length() - shortest.scale(); // x = 0.<digits> * 10^decimalPoint
        String sign = x < 0 ? "-" : "";
        if (decimalPoint > -4 && decimalPoint <= 16) return sign + fixed(digits, decimalPoint);
        return sign + scientific(digits, decimalPoint - 1);
    }

    /** The fewest significant digits that round-trip; of the two candidates at that length, the nearer one. */
    private static BigDecimal shortest(double magnitude) {
        BigDecimal exact = new BigDecimal(magnitude);
        for (int precision = 1; precision < 17; precision++) {
            BigDecimal down = exact.round(new MathContext(precision, RoundingMode.DOWN));
            BigDecimal up = exact.round(new MathContext(precision, RoundingMode.UP));
            boolean downWorks = down.doubleValue() == magnitude;
            boolean upWorks = up.doubleValue() == magnitude;
            if (downWorks && upWorks) {
                int nearer = exact.subtract(down).compareTo(up.subtract(exact));
                if (nearer != 0) return nearer < 0 ? down : up;
                return down.unscaledValue().testBit(0) ? up : down; // a tie: the even last digit
            }
            if (downWorks) return down;
            if (upWorks) return up;
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)); // 17 digits always round-trip
    }

    private static String fixed(String digits, int decimalPoint) {
        if (decimalPoint <= 0) return "0." + "0".repeat(-decimalPoint) + digits;
        if (decimalPoint >= digits.length()) return digits + "0".repeat(decimalPoint - digits.length()) + ".0";
        return digits.substring(0, decimalPoint) + "." + digits.substring(decimalPoint);
    }

    private static String scientific(String digits, int exponent) {
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String magnitude = Integer.toString(Math.abs(exponent));
        return mantissa + "e" + (exponent < 0 ? "-" : "+") + (magnitude.length() < 2 ? "0" : "") + magnitude;
    }
}
