package dev.prompteval.internal.suite;

import dev.prompteval.internal.gate.GateResult;
import dev.prompteval.internal.run.RunOutcome;

/**
 * A suite after running: both runs and the gate's decision.
 *
 * @param baseline null when the suite has no baseline
 */
public record SuiteOutcome(PreparedSuite suite, RunOutcome candidate, RunOutcome baseline, GateResult gate) {
}
