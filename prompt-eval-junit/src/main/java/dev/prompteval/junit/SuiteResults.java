package dev.prompteval.junit;

import dev.prompteval.gate.GateResult;
import dev.prompteval.gate.RuleCheck;
import dev.prompteval.junit.JUnitSuiteResult.RowOutcome;
import dev.prompteval.junit.JUnitSuiteResult.SampleOutcome;
import dev.prompteval.junit.JUnitSuiteResult.VersionResult;
import dev.prompteval.run.RowResult;
import dev.prompteval.run.RunResult;
import dev.prompteval.run.SampleResult;

import java.util.ArrayList;
import java.util.List;

/** Turns a gate result into the result document the build reads. */
final class SuiteResults {
    private SuiteResults() {
    }

    /**
     * @param notes  besides the gate's own notes
     * @param target what stood in for the model ({@code junit-target ...}), or null when the model was called
     */
    static JUnitSuiteResult of(GateResult gate, String testClass, String testMethod, List<String> notes,
                               String target) {
        RunResult candidate = gate.candidate();
        var allNotes = new ArrayList<>(gate.notes());
        allNotes.addAll(notes);
        return new JUnitSuiteResult(JUnitSuiteResult.FORMAT_VERSION, gate.suite(), testClass, testMethod,
                candidate.prompt(), gate.decision(), gate.blocking(), messages(gate.violations()),
                messages(gate.warnings()), allNotes, candidate.datasetHash(), version(candidate, target),
                gate.baseline() == null ? null : version(gate.baseline(), target));
    }

    private static List<String> messages(List<RuleCheck> checks) {
        return checks.stream().map(RuleCheck::message).toList();
    }

    private static VersionResult version(RunResult run, String target) {
        return new VersionResult(run.reference(), run.version(), run.contentHash(),
                target != null ? target : run.model().provider(), run.model().name(),
                run.complete(), run.rows().stream().map(SuiteResults::row).toList());
    }

    private static RowOutcome row(RowResult row) {
        double score = row.meanScore();
        double passRate = row.passRate();
        return new RowOutcome(row.id(), row.row().description(), Double.isNaN(score) ? null : score,
                Double.isNaN(passRate) ? 0 : passRate, !row.samples().isEmpty() && passRate == 1.0,
                row.samples().stream().map(SuiteResults::sample).toList());
    }

    private static SampleOutcome sample(SampleResult s) {
        boolean scored = s.score() != null;
        return new SampleOutcome(s.sample(), s.output(), scored ? s.score().score() : null,
                scored ? s.score().pass() : null, scored ? s.score().reason() : null, s.error(),
                scored ? s.score().namedScores() : null, s.latencyMs(), s.cached(), s.usage().inputTokens(),
                s.usage().outputTokens(), s.usage().costUsd());
    }
}
