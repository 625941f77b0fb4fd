package dev.prompteval.internal.stats;

import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.TDistribution;

import java.util.OptionalLong;

/**
 * Minimum detectable effect and the rows or repeats a comparison would need to settle a decision.
 *
 * <p>Power is that of the one-sided t-test at {@code alpha/2} (the side of an interval the gate reads): a true
 * difference e, with standard error SE and df degrees of freedom, is detected with probability
 * {@code P(T' > t(1 - alpha/2, df))}, T' noncentral t with noncentrality {@code e / SE}. The MDE at 80% power is the
 * noncentrality reaching 0.80 times SE; at df = 3 and 95% that is 4.26 SE, where normal quantiles would say
 * (1.96 + 0.84) SE = 2.80 SE and deliver 48% power. The noncentral t's tail is computed as
 * {@code E[Phi(ncp - t sqrt(V / df))]} over V ~ chi-square(df), by the midpoint rule on V's quantiles; above
 * {@value #NORMAL_DF} degrees of freedom the normal limit is used (0.2% off at 300).
 *
 * <p>Rows needed: the per-row spread {@code s = SE sqrt(n)} is an estimate, so the answer is a range: the rows for
 * which the MDE equals e, computed with s and with the ends of s's 80% chi-square interval (df degrees of freedom),
 * new rows drawn like the existing ones (with clusters, in new clusters of the same size); never fewer than the rows at
 * which the standard error's floor ({@code sqrt(2 / (n (n - 1)))}, see {@link PairedComparison}) allows e, which is
 * what decides when few rows changed.
 *
 * <p>Repeats only shrink the part of the variance that comes from sampling the model: with per-sample variances
 * s2 (both sides summed, averaged over rows) and K samples per row, that part of {@code SE^2} is {@code s2 / (n K)};
 * with K' samples, {@code SE'^2 = SE^2 - s2/(n K) + s2/(n K')}; the smallest K' whose MDE is at most e is the answer,
 * if any K' reaches it.
 */
public final class PowerAnalysis {
    /** The power the MDE is computed for. */
    public static final double POWER = 0.80;
    private static final int NORMAL_DF = 300;
    private static final java.util.Map<Long, Double> MULTIPLIERS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int NODES = 512;
    private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

    private PowerAnalysis() {
    }

    /** Rows needed, with the range that the uncertainty of the spread allows. */
    public record Range(long low, long estimate, long high) {
    }

    /**
     * Probability that the one-sided t-test at {@code (1 - level) / 2} detects a true difference of
     * {@code noncentrality} standard errors.
     */
    public static double power(double noncentrality, double degreesOfFreedom, double level) {
        double tail = (1 + level) / 2;
        if (!(degreesOfFreedom >= 1)) return Double.NaN;
        if (degreesOfFreedom > NORMAL_DF) {
            return STANDARD_NORMAL.cumulativeProbability(noncentrality - Quantiles.z(tail));
        }
        double critical = TDistribution.of(degreesOfFreedom).inverseCumulativeProbability(tail);
        return tailOverChiSquare(scales(degreesOfFreedom), critical, noncentrality);
    }

    /** The factor M with MDE = M * SE: the noncentrality detected with 80% power. */
    public static double multiplier(double degreesOfFreedom, double level) {
        if (!(degreesOfFreedom >= 1)) return Double.NaN;
        // Computed once per (df, level): rows-needed searches ask for the same whole df many times.
        long key = Double.doubleToLongBits(degreesOfFreedom) * 31 + Double.doubleToLongBits(level);
        return MULTIPLIERS.computeIfAbsent(key, k -> computeMultiplier(degreesOfFreedom, level));
    }

    private static double computeMultiplier(double degreesOfFreedom, double level) {
        double tail = (1 + level) / 2;
        if (degreesOfFreedom > NORMAL_DF) return Quantiles.z(tail) + Quantiles.z(POWER);
        double critical = TDistribution.of(degreesOfFreedom).inverseCumulativeProbability(tail);
        double[] scales = scales(degreesOfFreedom);
        double lo = 0;
        double hi = 1;
        while (tailOverChiSquare(scales, critical, hi) < POWER) hi *= 2;
        for (int i = 0; i < 60; i++) {
            double mid = (lo + hi) / 2;
            if (tailOverChiSquare(scales, critical, mid) < POWER) lo = mid;
            else hi = mid;
        }
        return (lo + hi) / 2;
    }

    /** The smallest true difference detected with 80% power: {@code multiplier(df) * SE}. */
    public static double minimumDetectableEffect(double standardError, double degreesOfFreedom, double level) {
        return multiplier(degreesOfFreedom, level) * standardError;
    }

    /**
     * The MDE a comparison over {@code units} rows (or clusters) will have when one unit's paired difference spreads
     * by {@code spread} (0 when answers repeat exactly), its standard error floored as the gate floors it: what a plan
     * states before any call. NaN below two units.
     */
    public static double plannedMinimumDetectableEffect(double spread, long units, double level) {
        if (units < 2) return Double.NaN;
        double se = Math.max(spread / Math.sqrt(units), PairedComparator.standardErrorFloor(units));
        return multiplier(units - 1, level) * se;
    }

    /**
     * About how many rows (one per unit) a comparison needs to detect {@code effect} with 80% power when one unit's
     * paired difference spreads by {@code spread}, the floor included; empty when no number is enough.
     */
    public static OptionalLong plannedRows(double spread, double effect, double level) {
        OptionalLong bySpread = rows(spread, effect, level, 1);
        if (bySpread.isEmpty()) return bySpread;
        return OptionalLong.of(Math.max(bySpread.getAsLong(), floorRows(effect, level, 1)));
    }

    /** About how many rows would detect {@code effect} with 80% power; empty when it cannot be estimated. */
    public static java.util.Optional<Range> rowsToDetect(PairedComparison comparison, double effect) {
        double df = comparison.decisionDegreesOfFreedom();
        double level = comparison.interval().level();
        int n = comparison.n();
        if (!(effect > 0) || !(df >= 1)) return java.util.Optional.empty();
        // Rows per unit of the comparison (1 without clusters), so that df grows with the rows as it would.
        double rowsPerUnit = (double) n / Math.max(1, comparison.delta().clusters());
        // The per-row spread: that of the decision's standard error, or the raw one where the floor replaced it.
        double floor = PairedComparator.standardErrorFloor(Math.max(2, comparison.delta().clusters()));
        double se = comparison.decisionStandardError();
        double raw = comparison.delta().standardError();
        double spread = (se > floor * (1 + 1e-12) ? se : Double.isFinite(raw) ? Math.min(raw, se) : 0) * Math.sqrt(n);
        ChiSquaredDistribution chi = ChiSquaredDistribution.of(df);
        double smallSpread = spread * Math.sqrt(df / chi.inverseCumulativeProbability(0.9));
        double largeSpread = spread * Math.sqrt(df / chi.inverseCumulativeProbability(0.1));
        // The floor on the standard error (one unit gaining and one losing a whole point) shrinks like 1/n, not
        // 1/sqrt(n): with little spread it is what decides how many rows are needed.
        long floorRows = floorRows(effect, level, rowsPerUnit);
        OptionalLong low = rows(smallSpread, effect, level, rowsPerUnit);
        OptionalLong estimate = rows(spread, effect, level, rowsPerUnit);
        OptionalLong high = rows(largeSpread, effect, level, rowsPerUnit);
        if (low.isEmpty() || estimate.isEmpty() || high.isEmpty()) return java.util.Optional.empty();
        return java.util.Optional.of(new Range(Math.max(floorRows, low.getAsLong()),
                Math.max(floorRows, estimate.getAsLong()), Math.max(floorRows, high.getAsLong())));
    }

    /** The fewest rows whose floored standard error {@code sqrt(2 / (G (G - 1)))} resolves {@code effect}. */
    private static long floorRows(double effect, double level, double rowsPerUnit) {
        long units = 2;
        for (int i = 0; i < 60; i++) {
            double m = multiplier(units - 1, level);
            long next = Math.max(2, (long) Math.ceil(0.5 + Math.sqrt(0.25 + 2 * m * m / (effect * effect))));
            if (next == units) break;
            units = next;
        }
        return (long) Math.ceil(units * rowsPerUnit);
    }

    /**
     * Rows at which the MDE of a difference with per-row spread {@code spread} reaches {@code effect}, df growing with
     * the rows; also what a plan uses before any call.
     */
    public static OptionalLong rows(double spread, double effect, double level, double rowsPerUnit) {
        if (!(effect > 0) || !(spread >= 0) || !Double.isFinite(spread)) return OptionalLong.empty();
        double rows = 2;
        for (int i = 0; i < 50; i++) {
            double units = Math.max(2, rows / rowsPerUnit);
            double m = multiplier(units - 1, level);
            double next = Math.max(2, Math.ceil(Math.pow(m * spread / effect, 2)));
            if (next == rows) break;
            rows = next;
        }
        return rows < 1e15 ? OptionalLong.of((long) rows) : OptionalLong.empty();
    }

    /**
     * About how many samples per row would detect {@code effect} with 80% power at the current number of rows;
     * empty when the per-sample variance is unknown (K = 1) or no number of repeats is enough.
     */
    public static OptionalLong repeatsToDetect(PairedComparison comparison, double effect) {
        double noise = comparison.sampleNoise();
        double se = comparison.decisionStandardError();
        if (!(effect > 0) || !(noise > 0) || !Double.isFinite(se)) return OptionalLong.empty();
        double n = comparison.n();
        double k = comparison.repeats();
        double m = multiplier(comparison.decisionDegreesOfFreedom(), comparison.interval().level());
        double allowedVariance = Math.pow(effect / m, 2);
        // What the noise term may still contribute once the rest of SE^2 is paid for.
        double room = allowedVariance - (se * se - noise / (n * k));
        if (!(room > 0)) return OptionalLong.empty();
        double repeats = Math.ceil(noise / (n * room));
        return repeats < 1e15 ? OptionalLong.of((long) Math.max(1, repeats)) : OptionalLong.empty();
    }

    /** sqrt(V / df) at the midpoints of NODES equal-probability slices of chi-square(df). */
    private static double[] scales(double degreesOfFreedom) {
        ChiSquaredDistribution chi = ChiSquaredDistribution.of(degreesOfFreedom);
        double[] scales = new double[NODES];
        for (int i = 0; i < NODES; i++) {
            scales[i] = Math.sqrt(chi.inverseCumulativeProbability((i + 0.5) / NODES) / degreesOfFreedom);
        }
        return scales;
    }

    private static double tailOverChiSquare(double[] scales, double critical, double noncentrality) {
        double sum = 0;
        for (double scale : scales) sum += STANDARD_NORMAL.cumulativeProbability(noncentrality - critical * scale);
        return sum / scales.length;
    }
}
