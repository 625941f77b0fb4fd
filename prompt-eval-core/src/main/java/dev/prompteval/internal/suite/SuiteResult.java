package dev.prompteval.internal.suite;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prompteval.internal.gate.GateResult;
import dev.prompteval.internal.gate.GateRules;
import dev.prompteval.internal.report.SuiteReport;
import dev.prompteval.internal.run.RunResult;
import dev.prompteval.internal.template.PromptTemplate;
import dev.prompteval.internal.template.TemplateException;

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
 * @param candidateTemplate the candidate's blueprint as it ran, or null when not known; the rows pushed to the
 *                          registry carry the input rendered from it, also when the suite ran in another process
 */
public record SuiteResult(int formatVersion, String suite, String source, GateRules rules, RunResult candidate,
                          RunResult baseline, List<String> runMessages, JsonNode candidateTemplate) {
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
        candidateTemplate = candidateTemplate == null || candidateTemplate.isNull() ? null
                : candidateTemplate.deepCopy();
    }

    /** A result without the candidate's blueprint: its pushed rows carry no rendered input. */
    public SuiteResult(int formatVersion, String suite, String source, GateRules rules, RunResult candidate,
                       RunResult baseline, List<String> runMessages) {
        this(formatVersion, suite, source, rules, candidate, baseline, runMessages, null);
    }

    /** The candidate's blueprint as a template, or null when the result does not carry one or it does not read. */
    public PromptTemplate candidatePrompt() {
        if (candidateTemplate == null) return null;
        try {
            return PromptTemplate.of(candidateTemplate, candidate.reference());
        } catch (TemplateException unreadable) {
            return null; // the suite ran with it, so this only happens to a hand-edited file; rows go without input
        }
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

    /**
     * Whether {@code gate} is this suite's decision, taken by the one decision path over exactly these rules and
     * these very runs (as {@link SuiteEvaluator#evaluate} took it when they ran): deciding again would give it.
     */
    public boolean isDecidedBy(GateResult gate) {
        return gate.candidate() == candidate && gate.baseline() == baseline && gate.rules().equals(rules)
                && gate.suite().equals(suite);
    }

    /**
     * As {@link #report()}, with the decision already taken: a large suite's rows are not gone through again.
     *
     * @throws IllegalArgumentException when {@code decided} is not this suite's decision ({@link #isDecidedBy})
     */
    public SuiteReport report(GateResult decided) {
        if (!isDecidedBy(decided)) {
            throw new IllegalArgumentException("suite " + suite + ": the decision given was taken over other rules"
                    + " or runs than this result's");
        }
        return new SuiteReport(decided, runMessages, source);
    }
}
