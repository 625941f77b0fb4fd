package dev.prompteval.score;

/**
 * The result of one scorer on one output: a score in [0, 1], whether it passed, and a one-line reason.
 */
public record Score(double score, boolean pass, String reason) {
    public Score {
        if (!(score >= 0.0 && score <= 1.0)) {
            throw new IllegalArgumentException("score must be in [0, 1], was " + score);
        }
        reason = reason == null ? "" : reason.replace('\n', ' ');
    }

    public static Score pass(String reason) {
        return new Score(1.0, true, reason);
    }

    public static Score fail(String reason) {
        return new Score(0.0, false, reason);
    }
}
