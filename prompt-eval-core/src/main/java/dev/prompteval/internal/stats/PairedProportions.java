package dev.prompteval.internal.stats;

import dev.prompteval.stats.IntervalMethod;
import org.apache.commons.statistics.distribution.BinomialDistribution;

/**
 * Pass/fail rows compared pairwise (K = 1): of n paired rows, {@code improved} failed in the baseline and passed in
 * the candidate, {@code regressed} the other way round; the rest agree. The difference of pass rates is
 * {@code delta = (improved - regressed) / n}.
 *
 * <p>The interval is Tango's (1998) asymptotic score interval: the values delta0 that the score test does not reject,
 * <pre>
 *   Z(delta0) = (improved - regressed - n delta0) / sqrt(n (2 q + delta0 (1 - delta0)))
 * </pre>
 * with q the maximum-likelihood probability of a regressed row under the constraint that the difference is delta0
 * (the positive root of {@code 2n q^2 + (delta0 (2n + regressed - improved) - improved - regressed) q
 * - regressed delta0 (1 - delta0) = 0}). Unlike the Wald interval it never collapses to a point when no row changed:
 * with n unchanged rows it is about {@code ±z^2 / (n + z^2)}, and with few changed rows it is as wide as the data
 * leave it. Z is decreasing in delta0, so each bound is found by bisection.
 *
 * <p>Whether a drop is shown is McNemar's mid-p test, one-sided: with {@code D = improved + regressed} and X ~
 * Binomial(D, 1/2), {@code p = P(X > regressed) + P(X = regressed) / 2}. Conditional on the discordant rows, it is
 * the exact test with half the probability of the observed count, whose size stays close to (and in practice below)
 * the nominal level even for few discordant rows, where the asymptotic test's does not.
 */
public final class PairedProportions {
    private static final int BISECTIONS = 200;

    private PairedProportions() {
    }

    /** Tango's score interval for {@code (improved - regressed) / n} at the two-sided {@code level}. */
    public static Interval tangoInterval(int improved, int regressed, int n, double level) {
        requireCounts(improved, regressed, n);
        double z = Quantiles.z((1 + level) / 2);
        double estimate = (double) (improved - regressed) / n;
        double lower = bound(improved, regressed, n, z, -1, estimate);
        double upper = bound(improved, regressed, n, -z, estimate, 1);
        return new Interval(lower, upper, level, IntervalMethod.SCORE);
    }

    /**
     * One-sided mid-p value of McNemar's test of "the candidate is no worse": small when regressions outnumber
     * improvements by more than chance explains; 0.5 when no row changed (no evidence either way).
     */
    public static double dropPValue(int improved, int regressed) {
        if (improved < 0 || regressed < 0) {
            throw new IllegalArgumentException("counts must be >= 0, were " + improved + ", " + regressed);
        }
        int discordant = improved + regressed;
        if (discordant == 0) return 0.5;
        BinomialDistribution x = BinomialDistribution.of(discordant, 0.5);
        return x.survivalProbability(regressed) + 0.5 * x.probability(regressed);
    }

    /** Two-sided mid-p value of McNemar's test: twice the smaller one-sided mid-p value, at most 1. */
    public static double twoSidedPValue(int improved, int regressed) {
        return Math.min(1, 2 * Math.min(dropPValue(improved, regressed), dropPValue(regressed, improved)));
    }

    /**
     * The delta0 in [from, to] where Z(delta0) crosses {@code target}; an end of the range when Z stays on one side.
     */
    private static double bound(int improved, int regressed, int n, double target, double from, double to) {
        // Z decreases in delta0: inside the interval while Z(delta0) is between -z and z.
        if (score(improved, regressed, n, from) <= target) return from;
        if (score(improved, regressed, n, to) >= target) return to;
        double lo = from;
        double hi = to;
        for (int i = 0; i < BISECTIONS && hi - lo > 1e-15; i++) {
            double mid = (lo + hi) / 2;
            if (score(improved, regressed, n, mid) > target) lo = mid;
            else hi = mid;
        }
        return (lo + hi) / 2;
    }

    /** Tango's score statistic at delta0; infinite where the constrained variance vanishes but the data disagree. */
    static double score(int improved, int regressed, int n, double delta0) {
        double a = 2.0 * n;
        double b = delta0 * (2.0 * n + regressed - improved) - improved - regressed;
        double c = -regressed * delta0 * (1 - delta0);
        double q = (Math.sqrt(Math.max(0, b * b - 4 * a * c)) - b) / (2 * a);
        double variance = n * (2 * q + delta0 * (1 - delta0));
        double numerator = improved - regressed - n * delta0;
        if (!(variance > 1e-300)) {
            return numerator == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, numerator);
        }
        return numerator / Math.sqrt(variance);
    }

    private static void requireCounts(int improved, int regressed, int n) {
        if (improved < 0 || regressed < 0 || n < 1 || improved + regressed > n) {
            throw new IllegalArgumentException("need 0 <= improved + regressed <= n and n >= 1; were " + improved
                    + " + " + regressed + " of " + n);
        }
    }
}
