package dev.prompteval.report;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.prompteval.gate.Decision;
import dev.prompteval.gate.GatePolicy;
import dev.prompteval.gate.Outcome;
import dev.prompteval.internal.report.ReportException;
import dev.prompteval.internal.report.Reports;
import dev.prompteval.internal.report.SuiteReport;
import dev.prompteval.stats.IntervalMethod;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The content of {@code gate.json}, schema {@value #SCHEMA}, as typed records: what {@link Reports} writes and what
 * {@code publish} and CI scripts read back. The schema is documented in {@code docs/gate-json.md}. Values are on the
 * 0..1 scale; a number that is undefined (say a standard error from one row) is null.
 *
 * <pre>
 *   GateFile gate = GateFile.read(Path.of("target/prompt-eval/gate.json"));
 *   for (GateFile.Suite suite : gate.suites()) {
 *       if (suite.blocking()) ...;  suite.candidate().contentHash(); suite.baseline() // null for a first version
 *   }
 * </pre>
 *
 * @param schema   always {@value #SCHEMA}
 * @param decision the overall decision: FAIL if any suite failed, else INCONCLUSIVE if any was, else PASS
 * @param blocking whether any suite blocks the build and publishing
 * @param suites   one entry per suite, in configuration order
 */
public record GateFile(String schema, Decision decision, boolean blocking, List<Suite> suites) {
    /** The schema id this version writes and reads. */
    public static final String SCHEMA = "prompt-eval/gate/v1";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) // later v1 writers may add fields
            .build();

    public GateFile {
        suites = List.copyOf(suites);
    }

    /** This file as {@code gate.json} holds it: indented JSON ending with a newline. */
    public String toJson() {
        try {
            return MAPPER.writeValueAsString(this) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the gate file records always serialise", e);
        }
    }

    /**
     * Reads a gate file.
     *
     * @throws ReportException when the file is missing, is not JSON, or is not a {@value #SCHEMA} gate file; the
     *                         message names the file (and line and column) and what to do
     */
    public static GateFile read(Path file) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new ReportException(file + " does not exist; run the evaluation (prompt-eval:evaluate, part of"
                    + " mvn verify) first, it writes the gate file");
        } catch (JacksonException e) {
            throw new ReportException(file + where(e.getLocation()) + " is not valid JSON (" + e.getOriginalMessage()
                    + "); run the evaluation again to rewrite it");
        } catch (IOException e) {
            throw new ReportException("cannot read " + file + ": " + e.getMessage(), e);
        }
        JsonNode schema = tree == null ? null : tree.get("schema");
        if (schema == null || !schema.isTextual() || !schema.asText().startsWith("prompt-eval/gate/")) {
            throw new ReportException(file + " is not a prompt-eval gate file: it has no \"schema\": \"" + SCHEMA
                    + "\"");
        }
        if (!schema.asText().equals(SCHEMA)) {
            throw new ReportException(file + " has schema " + schema.asText() + ", but this prompt-eval reads "
                    + SCHEMA + "; use the same prompt-eval version to evaluate and to publish");
        }
        try {
            return MAPPER.treeToValue(tree, GateFile.class);
        } catch (JacksonException e) {
            String at = e instanceof JsonMappingException mapping ? " at " + mapping.getPathReference() : "";
            throw new ReportException(file + " does not match " + SCHEMA + " (" + e.getOriginalMessage() + at
                    + "); run the evaluation again to rewrite it");
        }
    }

    /** The suite of that name, if the file has one. */
    public Optional<Suite> suite(String name) {
        return suites.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /**
     * One suite's verdict and numbers.
     *
     * @param name          the suite name
     * @param prompt        the prompt's registry name
     * @param decision      PASS, FAIL or INCONCLUSIVE
     * @param blocking      whether it blocks: FAIL, or INCONCLUSIVE under the FAIL policy
     * @param candidate     the version under test
     * @param baseline      the version compared against, or null for a first version (absolute rules only)
     * @param datasetHash   the candidate's dataset hash ({@code sha256:...} of the dataset files' bytes)
     * @param rules         the rules applied
     * @param checks        every rule checked, in order: run and row rules, absolute limits, regressions
     * @param violations    the blocking checks' messages, one line each
     * @param warnings      lines worth reading that do not block: tolerated drops, inconclusive checks under the WARN
     *                      policy, the runs' own warnings
     * @param notes         plain statements about what was (not) checked, e.g. that there was no baseline
     * @param summary       the candidate's own numbers over all its rows, per metric
     * @param comparisons   candidate versus baseline over the paired rows, per metric; empty without a baseline
     * @param candidateOnly ids of rows only the candidate ran
     * @param baselineOnly  ids of rows only the baseline ran
     * @param source        where the suite is configured: {@code pom}, or {@code @PromptEval <class>#<method>} for a
     *                      suite that ran as a JUnit test
     */
    public record Suite(String name, String prompt, Decision decision, boolean blocking, Version candidate,
                        Version baseline, String datasetHash, Rules rules, List<Check> checks,
                        List<String> violations, List<String> warnings, List<String> notes,
                        List<Measurement> summary, List<Comparison> comparisons, List<String> candidateOnly,
                        List<String> baselineOnly, String source) {
        public Suite {
            source = source == null ? SuiteReport.POM : source;
            checks = List.copyOf(checks);
            violations = List.copyOf(violations);
            warnings = List.copyOf(warnings);
            notes = List.copyOf(notes);
            summary = List.copyOf(summary);
            comparisons = List.copyOf(comparisons);
            candidateOnly = List.copyOf(candidateOnly);
            baselineOnly = List.copyOf(baselineOnly);
        }
    }

    /**
     * A prompt version as it ran.
     *
     * @param reference   as configured: {@code file:prompts/x.json}, {@code version:3}, {@code label:prod}
     * @param version     the registry version number, or null for a working-tree file
     * @param contentHash the template's content hash, {@code sha256:...}
     * @param provider    the provider called, e.g. {@code openai}
     * @param model       the model called, e.g. {@code gpt-4o-mini}
     * @param datasetHash the hash of the dataset files this run read
     * @param rows        rows in the run
     * @param complete    false when the run stopped before every row ran
     */
    public record Version(String reference, Integer version, String contentHash, String provider, String model,
                         String datasetHash, int rows, boolean complete) {
    }

    /**
     * The rules applied to a suite.
     *
     * @param confidenceLevel    two-sided level of every interval
     * @param maxRegression      allowed drop of the overall score and pass rate
     * @param minPassRate        minimum overall pass rate, or null
     * @param minScore           minimum overall mean score, or null
     * @param metrics            limits per {@code __metric}
     * @param tags               limits per tag
     * @param policy             BLOCK_SHOWN_REGRESSIONS (FAIL blocks) or REQUIRE_SHOWN_WITHIN_MARGIN (INCONCLUSIVE
     *                           blocks too)
     * @param criticalPassRate   share of a critical row's samples that must pass
     * @param maxRepeat          the most samples per row staged sampling may take, 0 for none
     * @param interval           T or BOOTSTRAP
     * @param bootstrapResamples resamples of the bootstrap
     * @param bootstrapSeed      seed of the bootstrap
     */
    public record Rules(double confidenceLevel, double maxRegression, Double minPassRate, Double minScore,
                        Map<String, Limit> metrics, Map<String, Limit> tags, GatePolicy policy,
                        double criticalPassRate, int maxRepeat, IntervalMethod interval, int bootstrapResamples,
                        long bootstrapSeed) {
    }

    /** Limits of one {@code __metric} or tag; each null when not set. */
    public record Limit(Double minPassRate, Double minScore, Double maxRegression) {
    }

    /**
     * One rule checked.
     *
     * @param rule          the rule id: complete-run, paired-rows, no-errors, critical-rows, min-pass-rate, min-score,
     *                      max-regression, limit-target
     * @param outcome       PASS, WARN, INCONCLUSIVE or FAIL
     * @param blocking      whether this check blocks (FAIL, or INCONCLUSIVE under the strict policy)
     * @param metric        the metric id ({@code pass-rate}, {@code score/tag:billing}), or null for run and row rules
     * @param rowId         the row concerned, or null
     * @param measured      the candidate's value, or null
     * @param interval      the interval around {@code measured} as the message prints it (for max-regression: the
     *                      difference's [L, U] added to the baseline value), or null
     * @param baseline      the baseline's value, or null
     * @param limit         the minimum, the allowed regression, or 1 for critical rows; or null
     * @param rowsNeeded    for INCONCLUSIVE: about how many rows would likely settle it, or null
     * @param repeatsNeeded for INCONCLUSIVE: about how many samples per row would, or null
     * @param drop          for max-regression: the test of whether a drop is shown; else null
     * @param message       the one-line message
     */
    public record Check(String rule, Outcome outcome, boolean blocking, String metric, String rowId, Double measured,
                        Bounds interval, Double baseline, Double limit, Long rowsNeeded, Long repeatsNeeded,
                        Drop drop, String message) {
    }

    /**
     * Whether a drop is shown.
     *
     * @param test           {@code McNemar mid-p}, {@code paired t} or {@code bootstrap}
     * @param pValue         one-sided p-value for "the candidate is no worse"
     * @param adjustedPValue Holm-adjusted over the build's regression checks; a drop is shown at or below alpha/2
     * @param family         how many regression checks the adjustment is over
     */
    public record Drop(String test, Double pValue, Double adjustedPValue, int family) {
    }

    /**
     * A two-sided confidence interval.
     *
     * @param lower  L, or null when too few rows (or clusters) gave none
     * @param upper  U, or null likewise
     * @param level  its confidence level
     * @param method T or BOOTSTRAP
     */
    public record Bounds(Double lower, Double upper, double level, IntervalMethod method) {
    }

    /**
     * A mean with its standard error and interval.
     *
     * @param mean          the mean, or null when undefined
     * @param standardError its (clustered) standard error, or null below two rows or clusters
     * @param interval      its t-interval
     */
    public record Estimate(Double mean, Double standardError, Bounds interval) {
    }

    /**
     * A run's own number for one metric.
     *
     * @param metric    the metric id
     * @param label     its human name, e.g. {@code pass rate for tag billing}
     * @param n         rows with a value
     * @param clusters  independent clusters (n when not clustered)
     * @param clustered whether {@code __cluster} was used
     * @param estimate  the mean, its standard error and t-interval
     */
    public record Measurement(String metric, String label, int n, int clusters, boolean clustered,
                              Estimate estimate) {
    }

    /**
     * Candidate versus baseline on one metric, over the paired rows.
     *
     * @param metric                  the metric id
     * @param label                   its human name
     * @param n                       paired rows
     * @param clusters                independent clusters of the difference (n when not clustered)
     * @param clustered               whether {@code __cluster} was used
     * @param repeats                 K, samples per row
     * @param candidate               the candidate's mean over the paired rows
     * @param baseline                the baseline's mean over the paired rows
     * @param delta                   the mean paired difference with its (clustered) SE and t-interval
     * @param naiveStandardError      {@code sd(d)/sqrt(n)} ignoring clusters
     * @param interval                the interval [L, U] of the difference the gate used (score, t or bootstrap)
     * @param decisionStandardError   the standard error behind the interval and the MDE (never below that of one
     *                                unit gaining and one losing a whole point), or null
     * @param degreesOfFreedom        the degrees of freedom that go with it (Bell-McCaffrey's when clustered)
     * @param mcnemar                 McNemar's mid-p test for pass/fail with K = 1, else null
     * @param improved                rows whose value rose
     * @param regressed               rows whose value fell
     * @param unchanged               rows whose value stayed
     * @param minimumDetectableEffect the smallest true difference detected with 80% power, or null
     * @param correlation             Pearson's r between the two sides' row values, or null when undefined
     * @param unscored                ids of rows in both runs but without a value on one side, left out
     * @param notes                   how the numbers were obtained, where that matters (a fallback, few degrees of
     *                                freedom)
     */
    public record Comparison(String metric, String label, int n, int clusters, boolean clustered, int repeats,
                             Estimate candidate, Estimate baseline, Estimate delta, Double naiveStandardError,
                             Bounds interval, Double decisionStandardError, Double degreesOfFreedom,
                             McNemar mcnemar, int improved, int regressed, int unchanged,
                             Double minimumDetectableEffect, Double correlation, List<String> unscored,
                             List<String> notes) {
        public Comparison {
            unscored = List.copyOf(unscored);
            notes = notes == null ? List.of() : List.copyOf(notes);
        }
    }

    /**
     * McNemar's mid-p test.
     *
     * @param b      rows that passed in the baseline and failed in the candidate
     * @param c      rows that failed in the baseline and passed in the candidate
     * @param pValue the two-sided mid-p value
     */
    public record McNemar(int b, int c, double pValue) {
    }
}
