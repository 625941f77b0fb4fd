package dev.prompteval.maven;

import java.util.ArrayList;
import java.util.List;

/** The {@code <rules>} of a suite, in JaCoCo's style. All values on the 0..1 scale. */
public class Rules {
    /** Two-sided confidence level of the intervals; default 0.95. */
    Double confidenceLevel;
    /** Allowed drop of score and pass rate against the baseline; default 0.02. */
    Double maxRegression;
    /** Minimum overall pass rate. */
    Double minPassRate;
    /** Minimum overall mean score. */
    Double minScore;
    /**
     * {@code block-shown-regressions} (default: a FAIL blocks, an INCONCLUSIVE warns) or
     * {@code require-shown-within-margin} (INCONCLUSIVE blocks too).
     */
    String policy;
    /** Share of a critical row's samples that must pass; default 0.75. */
    Double criticalPassRate;
    /** The most samples per row the gate may take to settle an INCONCLUSIVE suite; default 0 (no staging). */
    Integer maxRepeat;
    /** {@code t} (default) or {@code bootstrap}. */
    String interval;
    /** Limits per {@code __metric} or tag. */
    List<Limit> limits = new ArrayList<>();
}
