package dev.prompteval.stats;

import org.apache.commons.statistics.distribution.BinomialDistribution;

/**
 * McNemar's exact test for paired pass/fail outcomes.
 *
 * @param b      rows that passed in the baseline and failed in the candidate
 * @param c      rows that failed in the baseline and passed in the candidate
 * @param pValue exact two-sided p-value: {@code min(1, 2 * P(X <= min(b, c)))}, X ~ Binomial(b + c, 1/2);
 *               1 when b + c = 0
 */
public record McNemar(int b, int c, double pValue) {

    /** The exact test for the discordant counts b and c. */
    public static McNemar exact(int b, int c) {
        if (b < 0 || c < 0) throw new IllegalArgumentException("discordant counts must be >= 0, were " + b + ", " + c);
        int discordant = b + c;
        double p = discordant == 0 ? 1.0
                : Math.min(1.0, 2 * BinomialDistribution.of(discordant, 0.5).cumulativeProbability(Math.min(b, c)));
        return new McNemar(b, c, p);
    }
}
