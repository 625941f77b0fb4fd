package dev.prompteval.internal.score;

import dev.prompteval.score.AssertionResult;

import java.util.List;
import java.util.Map;

/**
 * A row's combined score for one output: the weighted mean of its assertions' scores. It passes when every
 * assertion passes, or, when the row has a {@code __threshold}, when the score reaches it.
 *
 * @param namedScores extra named scores in [0, 1] (e.g. recorded by a {@code @PromptEval} test body)
 */
public record RowScore(double score, boolean pass, String reason, List<AssertionResult> assertions,
                       Map<String, Double> namedScores) {
    public RowScore {
        if (!(score >= 0.0 && score <= 1.0)) {
            throw new IllegalArgumentException("row score must be in [0, 1], was " + score);
        }
        assertions = List.copyOf(assertions);
        namedScores = Map.copyOf(namedScores);
    }
}
