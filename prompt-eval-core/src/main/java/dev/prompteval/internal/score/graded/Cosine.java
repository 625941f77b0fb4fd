package dev.prompteval.internal.score.graded;

/** Cosine similarity of two vectors: a·b / (|a| |b|), in [-1, 1]. */
final class Cosine {

    private Cosine() {
    }

    /** @throws IllegalArgumentException when the lengths differ or a vector is all zeros (it has no direction) */
    static double similarity(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("the vectors have different lengths, " + a.length + " and " + b.length);
        }
        double dot = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        if (aa == 0 || bb == 0) {
            throw new IllegalArgumentException("a vector is all zeros");
        }
        return dot / (Math.sqrt(aa) * Math.sqrt(bb));
    }
}
