package dev.prompteval.internal.score;

import dev.prompteval.score.Score;

/** {@code starts-with:value}: the output begins with the value exactly (no trimming, case sensitive). */
final class StartsWithScorer extends BinaryScorer<String> {

    StartsWithScorer() {
        super("starts-with");
    }

    @Override
    String parse(String value) {
        return requireValue(value);
    }

    @Override
    Score evaluate(String output, String prefix) {
        return verdict(output.startsWith(prefix),
                "expected output to start with " + Reasons.quote(prefix) + ", output " + Reasons.quote(output));
    }
}
