package dev.prompteval.junit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Records extra named scores for the current row's candidate output from a {@link PromptEval @PromptEval} test
 * body, e.g. {@code scores.record("tone", 0.8)}. They are kept with the row's result (as the row score's named
 * scores) in the result file, also when the body fails afterwards. They do not change the row's score or pass.
 */
public final class PromptScores {
    private final Map<String, Double> recorded = new LinkedHashMap<>();
    private final String row;

    PromptScores(String row) {
        this.row = row;
    }

    /**
     * Records a score; recording a name again replaces its value.
     *
     * @param name  a non-blank name
     * @param value a score in [0, 1]
     * @throws IllegalArgumentException for a blank name or a value outside [0, 1]
     */
    public synchronized PromptScores record(String name, double value) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a score recorded for row " + row + " needs a name");
        }
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException("score '" + name + "' recorded for row " + row + " must be in [0, 1] "
                    + "(e.g. 0.8), was " + value);
        }
        recorded.put(name.strip(), value);
        return this;
    }

    /** The scores recorded so far, in recording order. */
    public synchronized Map<String, Double> recorded() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(recorded));
    }
}
