package dev.prompteval.internal.gate;

import dev.prompteval.gate.Decision;
import dev.prompteval.gate.GatePolicy;
import dev.prompteval.gate.Outcome;
import dev.prompteval.internal.run.RunResult;
import dev.prompteval.internal.stats.RunSummary;
import dev.prompteval.internal.stats.SuiteComparison;

import java.util.List;

/**
 * A suite's gate result: the decision, every rule checked, and all numbers a report needs.
 *
 * @param suite            the suite name
 * @param decision         PASS, FAIL, INCONCLUSIVE or NOT_EVALUATED
 * @param rules            the rules applied
 * @param checks           every rule checked, in order: run and row rules, absolute limits, regressions
 * @param notes            plain statements about what was (not) checked, e.g. that there was no baseline
 * @param candidateSummary the candidate's own numbers over all its rows
 * @param comparison       the paired comparison, with the baseline's own numbers; null without a baseline
 * @param candidate        the candidate run
 * @param baseline         the baseline run, or null
 */
public record GateResult(String suite, Decision decision, GateRules rules, List<RuleCheck> checks,
                         List<String> notes, RunSummary candidateSummary, SuiteComparison comparison,
                         RunResult candidate, RunResult baseline) {
    public GateResult {
        checks = List.copyOf(checks);
        notes = List.copyOf(notes);
    }

    /**
     * Whether this result blocks the build and publishing: FAIL, NOT_EVALUATED, or INCONCLUSIVE under the strict
     * policy.
     */
    public boolean blocking() {
        return decision == Decision.FAIL || decision == Decision.NOT_EVALUATED
                || decision == Decision.INCONCLUSIVE && strict();
    }

    /** The checks that block: failures, rows not evaluated, and inconclusive regressions under the strict policy. */
    public List<RuleCheck> violations() {
        return checks.stream().filter(c -> c.outcome() == Outcome.FAIL || c.outcome() == Outcome.NOT_EVALUATED
                || c.outcome() == Outcome.INCONCLUSIVE && strict()).toList();
    }

    /** The checks saying what was not evaluated and how to resume; empty when every row was. */
    public List<RuleCheck> notEvaluated() {
        return checks.stream().filter(c -> c.outcome() == Outcome.NOT_EVALUATED).toList();
    }

    /** The checks worth reading that do not block: tolerated drops, and inconclusive ones under the default policy. */
    public List<RuleCheck> warnings() {
        return checks.stream().filter(c -> c.outcome() == Outcome.WARN
                || c.outcome() == Outcome.INCONCLUSIVE && !strict()).toList();
    }

    private boolean strict() {
        return rules.policy() == GatePolicy.REQUIRE_SHOWN_WITHIN_MARGIN;
    }

    public boolean hasBaseline() {
        return baseline != null;
    }
}
