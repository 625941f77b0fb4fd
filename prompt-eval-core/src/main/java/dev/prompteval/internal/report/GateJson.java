package dev.prompteval.internal.report;

import dev.prompteval.gate.Decision;
import dev.prompteval.internal.gate.GateResult;
import dev.prompteval.internal.gate.GateRules;
import dev.prompteval.internal.gate.Limits;
import dev.prompteval.internal.gate.RuleCheck;
import dev.prompteval.internal.run.RunResult;
import dev.prompteval.internal.stats.Interval;
import dev.prompteval.internal.stats.MeanEstimate;
import dev.prompteval.internal.stats.PairedComparison;
import dev.prompteval.report.GateFile;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds {@code gate.json}: gate results turned into the {@link GateFile} records of schema v1. */
final class GateJson {
    private GateJson() {
    }

    static String write(List<SuiteReport> suites) {
        return of(suites).toJson();
    }

    static GateFile of(List<SuiteReport> suites) {
        return new GateFile(GateFile.SCHEMA, overall(suites), suites.stream().anyMatch(s -> s.gate().blocking()),
                suites.stream().map(GateJson::suite).toList());
    }

    /** FAIL if any suite failed, else NOT_EVALUATED if any was, else INCONCLUSIVE if any was, else PASS. */
    static Decision overall(List<SuiteReport> suites) {
        List<Decision> decisions = suites.stream().map(s -> s.gate().decision()).toList();
        if (decisions.contains(Decision.FAIL)) return Decision.FAIL;
        if (decisions.contains(Decision.NOT_EVALUATED)) return Decision.NOT_EVALUATED;
        return decisions.contains(Decision.INCONCLUSIVE) ? Decision.INCONCLUSIVE : Decision.PASS;
    }

    private static GateFile.Suite suite(SuiteReport report) {
        GateResult gate = report.gate();
        Set<RuleCheck> blocking = new HashSet<>(gate.violations());
        List<GateFile.Check> checks = gate.checks().stream().map(c -> check(c, blocking.contains(c))).toList();
        List<GateFile.Measurement> summary = gate.candidateSummary().metrics().entrySet().stream()
                .map(e -> new GateFile.Measurement(e.getKey().id(), e.getKey().label(), e.getValue().n(),
                        e.getValue().clusters(), e.getValue().clustered(), estimate(e.getValue()))).toList();
        var comparison = gate.comparison();
        return new GateFile.Suite(gate.suite(), gate.candidate().prompt(), gate.decision(), gate.blocking(),
                version(gate.candidate()), gate.baseline() == null ? null : version(gate.baseline()),
                gate.candidate().datasetHash(), rules(gate.rules()), checks, report.violations(), report.warnings(),
                gate.notes(), summary,
                comparison == null ? List.of() : comparison.comparisons().stream().map(GateJson::comparison).toList(),
                comparison == null ? List.of() : comparison.candidateOnly(),
                comparison == null ? List.of() : comparison.baselineOnly(), report.source());
    }

    private static GateFile.Version version(RunResult run) {
        return new GateFile.Version(run.reference(), run.version(), run.contentHash(),
                run.model() == null ? null : run.model().provider(), run.model() == null ? null : run.model().name(),
                run.datasetHash(), run.rows().size(), run.complete());
    }

    private static GateFile.Rules rules(GateRules rules) {
        return new GateFile.Rules(rules.confidenceLevel(), rules.maxRegression(), rules.minPassRate(),
                rules.minScore(), limits(rules.metricLimits()), limits(rules.tagLimits()), rules.policy(),
                rules.criticalPassRate(), rules.maxRepeat(), rules.interval(), rules.bootstrapResamples(), rules.bootstrapSeed());
    }

    private static Map<String, GateFile.Limit> limits(Map<String, Limits> limits) {
        Map<String, GateFile.Limit> out = new LinkedHashMap<>();
        limits.forEach((name, l) -> out.put(name, new GateFile.Limit(l.minPassRate(), l.minScore(),
                l.maxRegression())));
        return out;
    }

    private static GateFile.Check check(RuleCheck c, boolean blocking) {
        return new GateFile.Check(c.rule().id(), c.outcome(), blocking, c.metric() == null ? null : c.metric().id(),
                c.rowId(), finite(c.measured()), bounds(c.interval()), finite(c.baseline()), c.limit(),
                c.rowsNeeded(), c.repeatsNeeded(), c.drop() == null ? null : new GateFile.Drop(c.drop().test().label(),
                finite(c.drop().pValue()), finite(c.drop().adjustedPValue()), c.drop().family()), c.message());
    }

    private static GateFile.Comparison comparison(PairedComparison c) {
        var mcnemar = c.mcnemar() == null ? null
                : new GateFile.McNemar(c.mcnemar().b(), c.mcnemar().c(), c.mcnemar().pValue());
        return new GateFile.Comparison(c.metric().id(), c.metric().label(), c.n(), c.delta().clusters(),
                c.delta().clustered(), c.repeats(), estimate(c.candidate()), estimate(c.baseline()),
                estimate(c.delta()), finite(c.naiveStandardError()), bounds(c.interval()),
                finite(c.decisionStandardError()), finite(c.decisionDegreesOfFreedom()), mcnemar, c.improved(),
                c.regressed(), c.unchanged(), finite(c.minimumDetectableEffect()), finite(c.correlation()),
                c.unscored(), c.notes());
    }

    private static GateFile.Estimate estimate(MeanEstimate e) {
        return new GateFile.Estimate(finite(e.mean()), finite(e.standardError()), bounds(e.interval()));
    }

    private static GateFile.Bounds bounds(Interval interval) {
        if (interval == null) return null;
        return new GateFile.Bounds(finite(interval.lower()), finite(interval.upper()), interval.level(),
                interval.method());
    }

    /** JSON has no NaN: an undefined number is null. */
    private static Double finite(Double value) {
        return value == null || !Double.isFinite(value) ? null : value;
    }
}
