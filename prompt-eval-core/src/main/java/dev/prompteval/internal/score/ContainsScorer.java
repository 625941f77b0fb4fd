package dev.prompteval.internal.score;

import dev.prompteval.score.Score;

/** {@code contains:value} and {@code icontains:value}: the value occurs in the output. */
final class ContainsScorer extends BinaryScorer<String> {

    private final boolean ignoreCase;

    ContainsScorer(String type, boolean ignoreCase) {
        super(type);
        this.ignoreCase = ignoreCase;
    }

    @Override
    String parse(String value) {
        return requireValue(value);
    }

    @Override
    Score evaluate(String output, String needle) {
        int at = TextMatch.indexOf(output, needle, ignoreCase);
        if (at >= 0) {
            return Score.pass("found " + Reasons.quote(needle) + TextMatch.caseNote(ignoreCase) + " in "
                    + Reasons.quoteAround(output, at, TextMatch.end(output, needle, at)));
        }
        return Score.fail(Reasons.quote(needle) + " not found" + TextMatch.caseNote(ignoreCase) + " in "
                + Reasons.quote(output));
    }
}
