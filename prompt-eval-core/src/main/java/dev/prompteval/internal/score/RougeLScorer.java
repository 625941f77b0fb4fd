package dev.prompteval.internal.score;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code rouge-l(t):reference}: ROUGE-L F1 between output and reference (Lin 2004): tokens are the runs of
 * letters and digits after lower-casing (whitespace and punctuation separate them), {@code LCS} is the length of
 * their longest common subsequence, precision {@code P = LCS / output tokens}, recall {@code R = LCS / reference
 * tokens}, and {@code F1 = 2PR / (P + R) = 2 LCS / (output tokens + reference tokens)}. Two texts without tokens
 * are identical (1); one without tokens scores 0. Passes when F1 is at least {@code t} (default 0.75).
 */
final class RougeLScorer extends SimilarityScorer {

    static final double DEFAULT_THRESHOLD = 0.75;

    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}]+");

    RougeLScorer() {
        super("rouge-l", DEFAULT_THRESHOLD);
    }

    @Override
    String describe() {
        return "ROUGE-L F1";
    }

    @Override
    Similarity similarity(String output, String reference) {
        List<String> out = tokens(output);
        List<String> ref = tokens(reference);
        int total = out.size() + ref.size();
        int lcs = lcs(out, ref);
        double f1 = total == 0 ? 1.0 : 2.0 * lcs / total;
        return new Similarity(f1, "LCS " + lcs + " of " + out.size() + " output and " + ref.size()
                + " reference tokens");
    }

    static List<String> tokens(String text) {
        return TOKEN.matcher(text.toLowerCase(Locale.ROOT)).results().map(r -> r.group()).toList();
    }

    static int lcs(List<String> a, List<String> b) {
        int[] previous = new int[b.size() + 1];
        int[] current = new int[b.size() + 1];
        for (String token : a) {
            for (int j = 1; j <= b.size(); j++) {
                current[j] = token.equals(b.get(j - 1)) ? previous[j - 1] + 1
                        : Math.max(previous[j], current[j - 1]);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.size()];
    }
}
