package dev.prompteval.internal.score;

import dev.prompteval.dataset.Assertion;
import dev.prompteval.score.Score;

/**
 * A built-in scorer whose score is a continuous similarity in [0, 1] to the assertion's value (the reference);
 * it passes when the similarity reaches the threshold, {@code type(t):reference}, or the scorer's default.
 */
abstract class SimilarityScorer extends BuiltInScorer<SimilarityScorer.Expectation> {

    record Expectation(String reference, double threshold) {
    }

    private final double defaultThreshold;

    SimilarityScorer(String type, double defaultThreshold) {
        super(type);
        this.defaultThreshold = defaultThreshold;
    }

    @Override
    final Expectation expectation(Assertion assertion) {
        double threshold = assertion.threshold() == null ? defaultThreshold : assertion.threshold();
        if (threshold > 1.0) {
            throw new IllegalArgumentException(type() + " threshold is a similarity between 0 and 1, was "
                    + threshold + thresholdHint());
        }
        return new Expectation(requireValue(assertion.value()), Thresholds.checkRange(type(), threshold));
    }

    @Override
    final Score evaluate(String output, Expectation expected) {
        Similarity similarity = similarity(output, expected.reference());
        boolean pass = Thresholds.meets(similarity.value(), expected.threshold());
        String reason = describe() + " " + Reasons.number(similarity.value())
                + (pass ? " >= " : " < ") + "threshold " + Reasons.number(expected.threshold())
                + " (" + similarity.detail() + ") to " + Reasons.quote(expected.reference())
                + ", output " + Reasons.quote(output);
        return new Score(similarity.value(), pass, reason);
    }

    /** A similarity and how it was computed, for the reason. */
    record Similarity(double value, String detail) {
    }

    abstract Similarity similarity(String output, String reference);

    /** What the similarity is called in reasons, e.g. {@code similarity}. */
    abstract String describe();

    /** Appended to the out-of-range threshold error, e.g. to explain a difference from promptfoo. */
    String thresholdHint() {
        return "";
    }
}
