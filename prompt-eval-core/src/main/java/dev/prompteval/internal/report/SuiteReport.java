package dev.prompteval.internal.report;

import dev.prompteval.internal.gate.GateResult;
import dev.prompteval.internal.run.RunOutcome;
import dev.prompteval.internal.run.RunResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the reports say about one suite: its gate result (which carries both runs, so the prompt, references,
 * versions, content hashes, dataset hash and model) and the lines the runs themselves produced.
 *
 * @param gate        the suite's gate result
 * @param runMessages lines the runs produced that a reader should see: why a run stopped early, and its warnings
 *                    (e.g. a torn journal line dropped); shown among the suite's warnings
 * @param source      where the suite is configured: {@code pom}, or {@code @PromptEval <class>#<method>}
 */
public record SuiteReport(GateResult gate, List<String> runMessages, String source) {
    /** The source of suites configured in the POM. */
    public static final String POM = "pom";

    public SuiteReport {
        Objects.requireNonNull(gate, "gate result");
        runMessages = List.copyOf(runMessages);
        Objects.requireNonNull(source, "source");
    }

    /** A report of a suite configured in the POM. */
    public SuiteReport(GateResult gate, List<String> runMessages) {
        this(gate, runMessages, POM);
    }

    /** A report of a gate result whose runs had nothing to say. */
    public static SuiteReport of(GateResult gate) {
        return new SuiteReport(gate, List.of());
    }

    /**
     * A report taking the early-stop message and the warnings of each run.
     *
     * @param baseline the baseline's run outcome, or null when there is no baseline or it was not run now
     */
    public static SuiteReport of(GateResult gate, RunOutcome candidate, RunOutcome baseline) {
        return new SuiteReport(gate, runMessages(candidate, baseline));
    }

    /**
     * The lines a suite's runs produced for the reader: each run's early-stop message and its warnings. The one
     * place they are formed, whichever front ran the suite.
     *
     * @param baseline null when there is no baseline or it was not run now
     */
    public static List<String> runMessages(RunOutcome candidate, RunOutcome baseline) {
        List<String> messages = new ArrayList<>();
        addMessages(messages, "candidate", candidate);
        if (baseline != null) addMessages(messages, "baseline", baseline);
        return messages;
    }

    private static void addMessages(List<String> messages, String side, RunOutcome outcome) {
        if (outcome.stopReason() != RunOutcome.StopReason.COMPLETED) messages.add(side + " run: " + outcome.message());
        outcome.warnings().forEach(warning -> messages.add(side + " run: " + warning));
    }

    public String suite() {
        return gate.suite();
    }

    public RunResult candidate() {
        return gate.candidate();
    }

    /** The baseline run, or null for a first version. */
    public RunResult baseline() {
        return gate.baseline();
    }

    /** The blocking checks' one-line messages. */
    public List<String> violations() {
        return gate.violations().stream().map(c -> c.message()).toList();
    }

    /**
     * Everything worth reading that does not block: the gate's warnings, the runs' messages, and a baseline that ran
     * on other dataset files than the candidate.
     */
    public List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        gate.warnings().forEach(c -> warnings.add(c.message()));
        warnings.addAll(runMessages);
        RunResult baseline = baseline();
        if (baseline != null && !Objects.equals(baseline.datasetHash(), candidate().datasetHash())) {
            warnings.add(suite() + ": the baseline ran on other dataset files (" + baseline.datasetHash()
                    + ") than the candidate (" + candidate().datasetHash() + "); rows are paired by __id");
        }
        return warnings;
    }
}
