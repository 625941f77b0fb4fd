package dev.prompteval.internal.stats;

/**
 * One row's paired values for one measure.
 *
 * @param id                       the row's {@code __id}
 * @param cluster                  its {@code __cluster}, or null
 * @param candidate                candidate value (mean over its samples)
 * @param baseline                 baseline value (mean over its samples)
 * @param repeats                  K: samples per side (the larger of the two when they differ)
 * @param candidateSampleVariance  variance of the candidate's per-sample values; NaN with fewer than two samples
 * @param baselineSampleVariance   the same for the baseline
 */
public record RowPair(String id, String cluster, double candidate, double baseline, int repeats,
                      double candidateSampleVariance, double baselineSampleVariance) {

    /** A pair of single-sample values (K = 1, no per-sample variance). */
    public static RowPair of(String id, String cluster, double candidate, double baseline) {
        return new RowPair(id, cluster, candidate, baseline, 1, Double.NaN, Double.NaN);
    }

    /** {@code d_i = candidate - baseline}. */
    public double difference() {
        return candidate - baseline;
    }
}
