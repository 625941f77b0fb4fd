package dev.prompteval.internal.gate;

import dev.prompteval.gate.Decision;
import dev.prompteval.gate.Outcome;
import dev.prompteval.internal.run.RunResult;
import dev.prompteval.internal.stats.RunSummary;
import dev.prompteval.internal.stats.SuiteComparator;
import dev.prompteval.internal.stats.SuiteComparison;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The regression gate: hard rules, absolute limits and the paired regression decision, per suite; and the build's
 * decision over all its suites, whose regression checks share one false-block rate ({@link BuildFamily}).
 *
 * <pre>
 *   GateResult one = new Gate(GateRules.defaults()).evaluate(candidateRun, baselineRunOrNull);
 *   List&lt;GateResult&gt; build = Gate.decideTogether(resultsOfEverySuite);
 *   build.stream().filter(GateResult::blocking).forEach(r -&gt; r.violations().forEach(v -&gt; log.warn(v.message())));
 * </pre>
 */
public final class Gate {
    private final GateRules rules;

    public Gate(GateRules rules) {
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    /**
     * The suite decided on its own (a family of its own regression checks); {@link #decideTogether} decides it again
     * beside the build's other suites.
     *
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

        List<RuleCheck> checks = new ArrayList<>(RunRules.check(rules, candidate, baseline, comparison));
        checks.addAll(MinimumRules.check(rules, candidate, candidateSummary));
        var provisional = new GateResult(candidate.suite(), Decision.PASS, rules, checks, notes(candidate, baseline,
                comparison), candidateSummary, comparison, candidate, baseline);
        return decideTogether(List.of(provisional)).get(0);
    }

    /**
     * Decides the suites of one build together: every regression check is judged with its drop test's p-value
     * adjusted (Holm) over all of them, so the build blocks an unchanged prompt with at most alpha/2 probability
     * however many suites and gated metrics it has. The other rules are kept as they are.
     *
     * @param results each suite's result from {@link #evaluate}
     * @return the results decided together, in the same order
     */
    public static List<GateResult> decideTogether(List<GateResult> results) {
        List<List<RegressionRules.Gated>> gated = new ArrayList<>();
        for (GateResult result : results) {
            gated.add(result.comparison() == null ? List.of()
                    : RegressionRules.gated(result.rules(), result.comparison()));
        }
        List<List<RegressionRules.Gated>> members = BuildFamily.members(gated);
        double[] p = new double[members.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = members.get(i).stream().mapToDouble(g -> g.comparison().dropPValue()).min().orElse(1);
        }
        double[] adjusted = BuildFamily.holm(p);
        var evidence = new java.util.IdentityHashMap<RegressionRules.Gated, DropEvidence>();
        for (int i = 0; i < p.length; i++) {
            for (RegressionRules.Gated g : members.get(i)) {
                evidence.put(g, new DropEvidence(g.comparison().dropTest(), g.comparison().dropPValue(), adjusted[i],
                        p.length));
            }
        }
        List<GateResult> decided = new ArrayList<>();
        for (int s = 0; s < results.size(); s++) {
            GateResult result = results.get(s);
            List<RuleCheck> checks = new ArrayList<>(result.checks().stream()
                    .filter(c -> c.rule() != RuleId.MAX_REGRESSION).toList());
            double level = result.rules().decisionLevel();
            for (RegressionRules.Gated g : gated.get(s)) {
                checks.add(RegressionRules.judge(result.suite(), g, evidence.get(g), level));
            }
            decided.add(new GateResult(result.suite(), decide(checks), result.rules(), checks, result.notes(),
                    result.candidateSummary(), result.comparison(), result.candidate(), result.baseline()));
        }
        return decided;
    }

    /**
     * A failure shown on the rows that were evaluated wins over rows that were not (those are left out of every
     * statistic, so they cannot make one); without one, rows not evaluated leave the prompt without a verdict.
     */
    private static Decision decide(List<RuleCheck> checks) {
        if (checks.stream().anyMatch(c -> c.outcome() == Outcome.FAIL)) return Decision.FAIL;
        if (checks.stream().anyMatch(c -> c.outcome() == Outcome.NOT_EVALUATED)) return Decision.NOT_EVALUATED;
        if (checks.stream().anyMatch(c -> c.outcome() == Outcome.INCONCLUSIVE)) return Decision.INCONCLUSIVE;
        return Decision.PASS;
    }

    private List<String> notes(RunResult candidate, RunResult baseline, SuiteComparison comparison) {
        if (baseline != null) {
            return comparison == null ? List.of() : RegressionRules.gated(rules, comparison).stream()
                    .flatMap(g -> g.comparison().notes().stream()
                            .map(note -> candidate.suite() + ": " + g.comparison().metric().label() + ": " + note))
                    .distinct().toList();
        }
        boolean anyMinimum = SliceLimits.of(rules).stream()
                .anyMatch(t -> t.limits().minPassRate() != null || t.limits().minScore() != null);
        return List.of(candidate.suite() + ": no baseline, so no regression check; " + (anyMinimum
                ? "only the absolute limits (minPassRate, minScore), errors, critical rows and completeness were checked"
                : "no absolute limits (minPassRate, minScore) are configured either, so only errors, critical rows"
                + " and completeness were checked"));
    }
}
