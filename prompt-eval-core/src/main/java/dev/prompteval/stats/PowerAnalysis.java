package dev.prompteval.stats;

import java.util.OptionalLong;

/**
 * Minimum detectable effect and the rows or repeats a comparison would need to detect a given effect.
 *
 * <p>MDE at 80% power for a two-sided test at {@code alpha = 1 - level}, normal approximation as in Miller (2024),
 * arXiv:2411.00640 (section on power analysis):
 * <pre>
 *   MDE = (z(1 - alpha/2) + z(0.80)) * SE          e.g. (1.95996 + 0.84162) * SE = 2.80158 * SE at 95%
 * </pre>
 * where SE is the paired (clustered when clustered) standard error of the difference. Read one-sided, it is also the
 * true distance from a bound (0, or the margin -m) at which a {@code level} interval excludes that bound with 80%
 * probability, which is what the gate needs.
 *
 * <p>Since {@code SE ~ 1/sqrt(n)}, detecting an effect e needs about {@code n' = n * (MDE / e)^2} rows (new rows
 * drawn like the existing ones; with clusters, in new clusters of the same size).
 *
 * <p>Repeats only shrink the part of the variance that comes from sampling the model: with per-sample variances
 * s2 (both sides summed, averaged over rows) and K samples per row, that part of {@code SE^2} is {@code s2 / (n K)}.
 * With K' samples, {@code SE'^2 = SE^2 - s2/(n K) + s2/(n K')}; the smallest K' with
 * {@code (z(1 - alpha/2) + z(0.80)) * SE' <= e} is the answer, if any K' reaches it.
 */
public final class PowerAnalysis {
    /** The power the MDE is computed for. */
    public static final double POWER = 0.80;

    private PowerAnalysis() {
    }

    /** {@code (z(1 - alpha/2) + z(POWER)) * standardError}, alpha = 1 - level. */
    public static double minimumDetectableEffect(double standardError, double level) {
        return multiplier(level) * standardError;
    }

    /** About how many rows would detect {@code effect} with 80% power; empty when it cannot be estimated. */
    public static OptionalLong rowsToDetect(PairedComparison comparison, double effect) {
        double mde = comparison.minimumDetectableEffect();
        if (!(effect > 0) || !Double.isFinite(mde)) return OptionalLong.empty();
        double rows = Math.ceil(comparison.n() * (mde / effect) * (mde / effect));
        return rows < Long.MAX_VALUE ? OptionalLong.of((long) rows) : OptionalLong.empty();
    }

    /**
     * About how many samples per row would detect {@code effect} with 80% power at the current number of rows;
     * empty when the per-sample variance is unknown (K = 1) or no number of repeats is enough.
     */
    public static OptionalLong repeatsToDetect(PairedComparison comparison, double effect) {
        double noise = comparison.sampleNoise();
        double se = comparison.delta().standardError();
        if (!(effect > 0) || !(noise > 0) || !Double.isFinite(se)) return OptionalLong.empty();
        double n = comparison.n();
        double k = comparison.repeats();
        double allowedVariance = Math.pow(effect / multiplier(comparison.interval().level()), 2);
        // What the noise term may still contribute once the rest of SE^2 is paid for.
        double room = allowedVariance - (se * se - noise / (n * k));
        if (!(room > 0)) return OptionalLong.empty();
        double repeats = Math.ceil(noise / (n * room));
        return repeats < Long.MAX_VALUE ? OptionalLong.of((long) Math.max(1, repeats)) : OptionalLong.empty();
    }

    private static double multiplier(double level) {
        return Quantiles.z((1 + level) / 2) + Quantiles.z(POWER);
    }
}
