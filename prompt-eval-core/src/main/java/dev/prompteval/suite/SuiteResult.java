package dev.prompteval.suite;

import dev.prompteval.gate.GateResult;
import dev.prompteval.gate.GateRules;
import dev.prompteval.report.SuiteReport;
import dev.prompteval.run.RunResult;

import java.util.List;
import java.util.Objects;

/**
 * A suite as it ran, whichever front ran it: the rules and both versions' runs (for an {@code @PromptEval} suite, as
 * its test bodies adjusted them) and the lines the runs produced. Kept under the output folder by
 * {@link SuiteResultFile}; every report of the build ({@code gate.json}, {@code report.md}, {@code report.html},
 * JUnit XML) is made from these, the decision taken by {@link SuiteEvaluator#decide}.
 *
 * @param formatVersion {@link #FORMAT_VERSION}; a reader refuses other versions
 * @param source        where the suite is configured: {@link #POM}, or {@code @PromptEval <class>#<method>}
 * @param baseline      null when the suite has no baseline
 * @param runMessages   early stops, run warnings and other lines a reader should see beside the decision
 */
public record SuiteResult(int formatVersion, String suite, String source, GateRules rules, RunResult candidate,
                          RunResult baseline, List<String> runMessages) {
    /** The version of this document's shape. */
    public static final int FORMAT_VERSION = 1;
    /** The source of suites configured in the POM. */
    public static final String POM = "pom";

    public SuiteResult {
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(candidate, "candidate");
        runMessages = runMessages == null ? List.of() : List.copyOf(runMessages);
    }

    /** The source of an {@code @PromptEval} suite. */
    public static String annotationSource(String testClass, String testMethod) {
        return "@PromptEval " + testClass + "#" + testMethod;
    }

    /** The suite decided by the one decision path, with what its runs said. */
    public SuiteReport report() {
        GateResult gate = SuiteEvaluator.decide(rules, candidate, baseline);
        return new SuiteReport(gate, runMessages, source);
    }
}
