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
    /** {@code fail} (default) blocks on INCONCLUSIVE; {@code warn} lets the build pass with a warning. */
    String inconclusive;
    /** {@code t} (default) or {@code bootstrap}. */
    String interval;
    /** Limits per {@code __metric} or tag. */
    List<Limit> limits = new ArrayList<>();
}
