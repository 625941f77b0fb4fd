package dev.prompteval.internal.run;

import dev.prompteval.dataset.Row;
import dev.prompteval.internal.score.RowScore;

/**
 * Scores one model output against its row's assertions. The runner calls it from many threads at once, so
 * implementations are thread-safe. An exception makes that (row, sample) an error result; the run goes on.
 */
@FunctionalInterface
public interface OutputScorer {
    RowScore score(Row row, String output);
}
