package dev.prompteval.internal.score;

/**
 * {@code levenshtein(t):reference}: normalised edit similarity {@code 1 - distance / max(length)} between output
 * and reference, counted in Unicode code points, case sensitive; two empty strings are identical (1). Passes when
 * the similarity is at least {@code t} (default 0.8). Unlike promptfoo, whose threshold is a maximum edit distance,
 * the threshold here is a similarity in [0, 1], so one threshold suits short and long references alike.
 */
final class LevenshteinScorer extends SimilarityScorer {

    static final double DEFAULT_THRESHOLD = 0.8;

    LevenshteinScorer() {
        super("levenshtein", DEFAULT_THRESHOLD);
    }

    @Override
    String describe() {
        return "similarity";
    }

    @Override
    String thresholdHint() {
        return " (promptfoo's levenshtein threshold is a maximum edit distance; here it is the least similarity, "
                + "e.g. levenshtein(0.8):hello)";
    }

    @Override
    Similarity similarity(String output, String reference) {
        int[] a = output.codePoints().toArray();
        int[] b = reference.codePoints().toArray();
        int longest = Math.max(a.length, b.length);
        int distance = distance(a, b);
        // (longest - distance) / longest rather than 1 - distance / longest: one correctly rounded division lands
        // exactly on the double a decimal threshold parses to, e.g. 4/5 == 0.8.
        double similarity = longest == 0 ? 1.0 : (double) (longest - distance) / longest;
        return new Similarity(similarity, "edit distance " + distance + ", longer length " + longest);
    }

    /** Classic dynamic programme over two rows: insertions, deletions and substitutions cost 1. */
    static int distance(int[] a, int[] b) {
        int[] previous = new int[b.length + 1];
        int[] current = new int[b.length + 1];
        for (int j = 0; j <= b.length; j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length; i++) {
            current[0] = i;
            for (int j = 1; j <= b.length; j++) {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length];
    }
}
