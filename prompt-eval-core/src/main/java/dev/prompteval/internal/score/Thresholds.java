package dev.prompteval.internal.score;

/**
 * The one rule for comparing a score with a threshold, shared by similarity scorers, model-graded scorers and row
 * thresholds: a score exactly at the threshold passes.
 */
public final class Thresholds {

    /**
     * Slack for floating-point rounding: a weighted mean such as (1 + 1 + 0.8) / 3 may land a few ulps below a
     * threshold written as the same decimal, and "exactly at the threshold passes" must hold.
     */
    private static final double ROUNDING_SLACK = 1e-9;

    private Thresholds() {
    }

    /** True when {@code score} reaches {@code threshold} (up to floating-point rounding). */
    public static boolean meets(double score, double threshold) {
        return score >= threshold - ROUNDING_SLACK;
    }

    /**
     * Rejects a threshold outside [0, 1], naming the assertion type.
     *
     * @throws IllegalArgumentException saying the type and the value
     */
    public static double checkRange(String type, double threshold) {
        if (!(threshold >= 0.0 && threshold <= 1.0)) {
            throw new IllegalArgumentException(type + " threshold must be between 0 and 1, was " + threshold);
        }
        return threshold;
    }
}
