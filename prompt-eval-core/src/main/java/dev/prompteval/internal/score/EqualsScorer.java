package dev.prompteval.internal.score;

import dev.prompteval.score.Score;

/**
 * {@code equals:value}: the whole output equals the value exactly, as promptfoo's {@code equals} (no trimming, case
 * sensitive). An empty value expects an empty output.
 */
final class EqualsScorer extends BinaryScorer<String> {

    EqualsScorer() {
        super("equals");
    }

    @Override
    String parse(String value) {
        return value;
    }

    @Override
    Score evaluate(String output, String expected) {
        if (output.equals(expected)) {
            return Score.pass("output equals " + Reasons.quote(expected));
        }
        int at = firstDifference(output, expected);
        return Score.fail("expected " + Reasons.quote(expected) + ", got " + Reasons.quote(output)
                + " (first difference at char " + at + ")");
    }

    private static int firstDifference(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            if (a.charAt(i) != b.charAt(i)) {
                return i;
            }
        }
        return n;
    }
}
