package dev.prompteval.internal.score.graded;

import dev.prompteval.dataset.Assertion;
import dev.prompteval.dataset.Row;
import dev.prompteval.internal.score.Reasons;
import dev.prompteval.internal.score.Thresholds;
import dev.prompteval.score.Score;
import dev.prompteval.score.Scorer;

/**
 * {@code similar:<reference>} and {@code similar(t):<reference>}: the cosine similarity of the embeddings of the
 * output and the reference, as in promptfoo. The score is the similarity, a negative cosine counted as 0; the
 * assertion passes when it reaches the threshold (default {@value #DEFAULT_THRESHOLD}, promptfoo's). An empty output
 * is not sent (the OpenAI API rejects empty input): its similarity is 0.
 */
final class SimilarScorer implements Scorer {

    static final double DEFAULT_THRESHOLD = 0.75;

    private final Graders graders;
    private final ReferenceEmbeddings embeddings;

    SimilarScorer(Graders graders) {
        this.graders = graders;
        this.embeddings = new ReferenceEmbeddings(graders);
    }

    @Override
    public void validate(Assertion assertion) {
        threshold(assertion);
        if (assertion.value().isBlank()) {
            throw new IllegalArgumentException(assertion.type() + " needs a reference text, e.g. " + assertion.type()
                    + "(0.8):The capital of France is Paris.");
        }
    }

    @Override
    public Score score(String output, Assertion assertion, Row row) {
        validate(assertion);
        String reference = assertion.value();
        double threshold = threshold(assertion);
        if (output.isEmpty()) {
            return new Score(0.0, Thresholds.meets(0.0, threshold), "output is empty: similarity 0 to "
                    + Reasons.quote(reference));
        }
        ReferenceEmbeddings.Pair vectors = embeddings.embed(output, reference);
        double cosine;
        try {
            cosine = Cosine.similarity(vectors.output(), vectors.reference());
        } catch (IllegalArgumentException e) {
            throw new GraderException("embedding model " + graders.embeddingModel().name() + " returned unusable "
                    + "vectors: " + e.getMessage(), e);
        }
        double similarity = Math.min(1.0, Math.max(0.0, cosine)); // rounding may step a hair above 1
        boolean pass = Thresholds.meets(similarity, threshold);
        String negative = cosine < 0 ? ", cosine " + Reasons.number(cosine) + " counted as 0" : "";
        return new Score(similarity, pass, "cosine similarity " + Reasons.number(similarity)
                + (pass ? " >= " : " < ") + "threshold " + Reasons.number(threshold) + " ("
                + graders.embeddingModel().name() + negative + ") to " + Reasons.quote(reference) + ", output "
                + Reasons.quote(output));
    }

    private static double threshold(Assertion assertion) {
        return assertion.threshold() == null ? DEFAULT_THRESHOLD
                : Thresholds.checkRange(assertion.type(), assertion.threshold());
    }
}
