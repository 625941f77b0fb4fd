package dev.prompteval.internal.stats;

/**
 * McNemar's mid-p test for paired pass/fail outcomes.
 *
 * @param b      rows that passed in the baseline and failed in the candidate
 * @param c      rows that failed in the baseline and passed in the candidate
 * @param pValue two-sided mid-p value: twice the smaller of {@code P(X < k) + P(X = k) / 2}, k = b or c,
 *               X ~ Binomial(b + c, 1/2); 1 when b + c = 0
 */
public record McNemar(int b, int c, double pValue) {

    /** The mid-p test for the discordant counts b and c. */
    public static McNemar midP(int b, int c) {
        if (b < 0 || c < 0) throw new IllegalArgumentException("discordant counts must be >= 0, were " + b + ", " + c);
        return new McNemar(b, c, b + c == 0 ? 1.0 : PairedProportions.twoSidedPValue(c, b));
    }
}
