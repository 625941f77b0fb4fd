package dev.prompteval.gate;

import dev.prompteval.run.RunResult;
import dev.prompteval.stats.RunSummary;
import dev.prompteval.stats.SuiteComparator;
import dev.prompteval.stats.SuiteComparison;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The regression gate for one suite: hard rules, absolute limits and the paired regression decision.
 *
 * <pre>
 *   GateResult result = new Gate(GateRules.defaults()).evaluate(candidateRun, baselineRunOrNull);
 *   if (result.blocking()) result.violations().forEach(v -&gt; log.error(v.message()));
 * </pre>
 */
public final class Gate {
    private final GateRules rules;

    public Gate(GateRules rules) {
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    /**
     * @param candidate the version under test
     * @param baseline  the version it must not be worse than (e.g. {@code label:prod}), or null for a first version:
     *                  then only absolute and hard rules apply, and the result says so in its notes
     */
    public GateResult evaluate(RunResult candidate, RunResult baseline) {
        Objects.requireNonNull(candidate, "candidate run");
        SuiteComparator comparator = new SuiteComparator(rules.comparisonOptions());
        SuiteComparison comparison = baseline == null ? null : comparator.compare(candidate, baseline);
        RunSummary candidateSummary = comparison == null ? comparator.summarize(candidate)
                : comparison.candidateSummary();

        List<RuleCheck> checks = new ArrayList<>(RunRules.check(candidate, baseline, comparison));
        checks.addAll(MinimumRules.check(rules, candidate, candidateSummary));
        if (comparison != null) checks.addAll(RegressionRules.check(rules, comparison));

        return new GateResult(candidate.suite(), decide(checks), rules, checks, notes(candidate, baseline),
                candidateSummary, comparison, candidate, baseline);
    }

    private static Decision decide(List<RuleCheck> checks) {
        if (checks.stream().anyMatch(c -> c.outcome() == Outcome.FAIL)) return Decision.FAIL;
        if (checks.stream().anyMatch(c -> c.outcome() == Outcome.INCONCLUSIVE)) return Decision.INCONCLUSIVE;
        return Decision.PASS;
    }

    private List<String> notes(RunResult candidate, RunResult baseline) {
        if (baseline != null) return List.of();
        boolean anyMinimum = SliceLimits.of(rules).stream()
                .anyMatch(t -> t.limits().minPassRate() != null || t.limits().minScore() != null);
        return List.of(candidate.suite() + ": no baseline, so no regression check; " + (anyMinimum
                ? "only the absolute limits (minPassRate, minScore), errors, critical rows and completeness were checked"
                : "no absolute limits (minPassRate, minScore) are configured either, so only errors, critical rows"
                + " and completeness were checked"));
    }
}
