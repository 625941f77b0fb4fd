package dev.prompteval.junit;

import dev.prompteval.gate.Decision;

import java.util.List;
import java.util.Map;

/**
 * What a {@link PromptEval @PromptEval} suite left for the build: its gate decision and both versions' per-row
 * results, as the test bodies adjusted them. Written by the {@code gate} invocation to
 * {@code <outputDir>/junit/<suite>.json}; read with {@link JUnitSuiteResultFile}. All scores are on the 0..1 scale.
 *
 * @param formatVersion {@link #FORMAT_VERSION}; a reader refuses other versions
 * @param suite         the suite name
 * @param testClass     the test class's binary name
 * @param testMethod    the {@code @PromptEval} method's name
 * @param prompt        the prompt's registry name
 * @param decision      PASS, FAIL or INCONCLUSIVE
 * @param blocking      whether the decision blocks the build and publishing (the {@code gate} invocation failed)
 * @param violations    the blocking rules, one line each
 * @param warnings      the rules worth reading that do not block, one line each
 * @param notes         plain statements, e.g. no baseline, an early stop, rows whose test body did not run
 * @param datasetHash   one hash over the suite's dataset files
 * @param candidate     the version under test, with the test bodies' verdicts applied
 * @param baseline      the baseline, or null when the suite had none
 */
public record JUnitSuiteResult(int formatVersion, String suite, String testClass, String testMethod, String prompt,
                               Decision decision, boolean blocking, List<String> violations, List<String> warnings,
                               List<String> notes, String datasetHash, VersionResult candidate,
                               VersionResult baseline) {
    /** The version of this document's shape. */
    public static final int FORMAT_VERSION = 1;

    public JUnitSuiteResult {
        violations = copy(violations);
        warnings = copy(warnings);
        notes = copy(notes);
    }

    /**
     * One prompt version's run.
     *
     * @param reference   as written, e.g. {@code file:src/main/prompts/x.json} or {@code label:prod}
     * @param version     the registry version number, or null for a working-tree file
     * @param contentHash the template's content hash ({@code sha256:...}), what {@code publish} checks
     * @param provider    the provider called (after overrides), or {@code junit-target <class>#<method>} when a
     *                    {@link PromptTarget} stood in for it
     * @param model       the model name configured (after overrides); a {@code PromptTarget} receives it with
     *                    the prompt
     * @param complete    false when the run stopped early
     * @param rows        per row, in dataset order
     */
    public record VersionResult(String reference, Integer version, String contentHash, String provider, String model,
                                boolean complete, List<RowOutcome> rows) {
        public VersionResult {
            rows = copy(rows);
        }
    }

    /**
     * One row of one version.
     *
     * @param score    mean score over the samples that have one, or null when none has
     * @param passRate fraction of samples that passed (errors count as failed)
     * @param pass     every sample passed and none errored
     * @param samples  one per sample, in sample order
     */
    public record RowOutcome(String id, String description, Double score, double passRate, boolean pass,
                             List<SampleOutcome> samples) {
        public RowOutcome {
            samples = copy(samples);
        }
    }

    /**
     * One sample of one row.
     *
     * @param output       the output, or null when the call failed
     * @param score        the row score, or null when the call or its scoring failed
     * @param pass         null when not scored
     * @param reason       why it scored so (a failed test body: {@code test failed: <message>}), or null
     * @param error        why the call failed, or null
     * @param namedScores  named scores, including those recorded by the test body
     * @param inputTokens  -1 when unknown
     * @param outputTokens -1 when unknown
     */
    public record SampleOutcome(int sample, String output, Double score, Boolean pass, String reason, String error,
                                Map<String, Double> namedScores, long latencyMs, boolean cached, long inputTokens,
                                long outputTokens, double costUsd) {
        public SampleOutcome {
            namedScores = namedScores == null ? Map.of() : Map.copyOf(namedScores);
        }
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }
}
