package dev.prompteval.score.custom;

import dev.prompteval.dataset.Assertion;
import dev.prompteval.dataset.Row;
import dev.prompteval.score.NamedScorer;
import dev.prompteval.score.Score;

/** A ServiceLoader scorer ({@code max-words:N}): passes when the output has at most N words. */
public class MaxWordsScorer implements NamedScorer {
    @Override
    public String type() {
        return "max-words";
    }

    @Override
    public Score score(String output, Assertion assertion, Row row) {
        int max = Integer.parseInt(assertion.value().strip());
        int words = output.isBlank() ? 0 : output.strip().split("\\s+").length;
        String reason = words + " words, at most " + max + " expected";
        return words <= max ? Score.pass(reason) : Score.fail(reason);
    }

    @Override
    public void validate(Assertion assertion) {
        if (!assertion.value().strip().matches("\\d+")) {
            throw new IllegalArgumentException("max-words needs a whole number, e.g. max-words:50");
        }
    }
}
