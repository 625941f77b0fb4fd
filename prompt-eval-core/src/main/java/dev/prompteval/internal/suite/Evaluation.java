package dev.prompteval.internal.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.prompteval.internal.PromptEvalException;
import dev.prompteval.internal.batch.BatchPendingException;
import dev.prompteval.internal.gate.Gate;
import dev.prompteval.internal.gate.GateResult;
import dev.prompteval.internal.guard.HeapTooSmallException;
import dev.prompteval.internal.guard.RunGuard;
import dev.prompteval.internal.io.AtomicFiles;
import dev.prompteval.internal.io.BackgroundWrite;
import dev.prompteval.internal.registry.EvalRunRecord;
import dev.prompteval.internal.registry.RegistryException;
import dev.prompteval.internal.report.Reports;
import dev.prompteval.internal.report.SuiteReport;
import dev.prompteval.internal.run.CancellationToken;
import dev.prompteval.internal.template.PromptTemplate;
import dev.prompteval.report.GateFile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * One build's evaluation: every suite prepared (all problems reported at once), run and gated; the reports written
 * over all the build's suites (POM and {@code @PromptEval} alike); each suite's results kept under the output folder
 * and pushed to the registry for candidates that are registry versions.
 */
public final class Evaluation {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final EvaluationSettings settings;
    private final SuiteEvaluator evaluator;
    private final String runId;
    /**
     * The results {@link #report} kept, by suite name, made again when pushed: a large suite's rows are read back
     * from its runs rather than held.
     */
    private final Map<String, Supplier<EvalRunRecord>> kept = new HashMap<>();

    public Evaluation(EvaluationSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.evaluator = new SuiteEvaluator(settings);
        this.runId = RUN_ID.format(clock.instant()) + "-" + Integer.toHexString(
                ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    }

    /** Identifies this build's run in stored results. */
    public String runId() {
        return runId;
    }

    /**
     * Prepares every suite (nothing runs unless all are valid), tells each one's plan, then runs and gates them one
     * after another.
     *
     * @throws SuiteConfigurationException listing every problem of every suite, before any model call
     * @throws HeapTooSmallException when the heap was too small for the runs, which were stopped
     * @throws BatchPendingException when a batch suite's batches did not end within the wait limit: the other suites
     *                               were run (their answers are cached), and nothing is decided
     */
    public List<SuiteOutcome> run(List<SuiteSpec> specs, SuiteProgress progress, CancellationToken cancel) {
        return runPrepared(evaluator.prepareAll(specs), progress, cancel);
    }

    /**
     * As {@link #run}, for suites the caller has already prepared with {@link SuiteEvaluator#prepareAll}: preparing
     * reads and checks every row of every dataset, which once per build is enough.
     */
    public List<SuiteOutcome> runPrepared(List<PreparedSuite> prepared, SuiteProgress progress,
                                          CancellationToken cancel) {
        for (PreparedSuite suite : prepared) progress.onPlan(SuitePlan.of(suite, settings));
        var outcomes = new ArrayList<SuiteOutcome>();
        // SIGTERM or Ctrl-C cancels the runs cleanly; a heap too small for them fails the build with what to change.
        try (RunGuard guard = RunGuard.install(cancel, System.err)) {
            // Every batch suite's batches are submitted first, so that they are all processed while one waits.
            for (PreparedSuite suite : prepared) evaluator.submitBatches(suite, progress);
            var pending = new ArrayList<String>();
            for (PreparedSuite suite : prepared) {
                try {
                    outcomes.add(evaluator.evaluate(suite, progress, cancel));
                } catch (BatchPendingException e) {
                    pending.addAll(e.problems());
                }
            }
            if (guard.heapTooSmall() != null) throw new HeapTooSmallException(guard.heapTooSmall());
            // No decision on missing answers: the build stops here, and a re-run collects.
            if (!pending.isEmpty()) throw new BatchPendingException(pending);
        }
        return outcomes;
    }

    /** A POM suite's outcome as the build keeps it, beside the {@code @PromptEval} suites' own. */
    public static SuiteResult resultOf(SuiteOutcome outcome) {
        return new SuiteResult(SuiteResult.FORMAT_VERSION, outcome.suite().name(), SuiteResult.POM,
                outcome.suite().spec().rules(), outcome.gate().candidate(),
                outcome.gate().baseline(), SuiteReport.runMessages(outcome.candidate(), outcome.baseline()),
                outcome.suite().candidate().template().toJson());
    }

    /**
     * Decides every suite (through {@link SuiteEvaluator#decide}) and writes the build's reports over all of them:
     * {@code gate.json}, {@code report.md} (also to {@code $GITHUB_STEP_SUMMARY}), JUnit XML and
     * {@code report.html} under the output folder; and meanwhile, on a thread of its own, each suite's results to
     * {@code <output>/results/<suite>.json}, where {@code publish} finds them to push against the version it creates.
     *
     * @param results in the order the reports list them
     * @return the suites' reports, decisions included, in the same order
     * @throws dev.prompteval.internal.report.ReportException when a report cannot be written
     */
    public List<SuiteReport> report(List<SuiteResult> results) {
        return report(results, List.of());
    }

    /**
     * As {@link #report(List)}, with decisions already taken: a result that one of them decides
     * ({@link SuiteResult#isDecidedBy}, a POM suite's as {@link SuiteEvaluator#evaluate} decided it when it ran) is
     * reported with it rather than decided again; the others are decided now.
     *
     * @param decided each suite's decision as its run took it, e.g. {@link SuiteOutcome#gate()}
     */
    public List<SuiteReport> report(List<SuiteResult> results, List<GateResult> decided) {
        List<SuiteReport> alone = results.stream().map(result -> decided.stream().filter(result::isDecidedBy)
                .findFirst().map(result::report).orElseGet(result::report)).toList();
        if (alone.isEmpty()) return alone;
        // One build, one false-block rate: every suite's regression checks, POM and @PromptEval, decided together.
        List<GateResult> together = Gate.decideTogether(alone.stream().map(SuiteReport::gate).toList());
        List<SuiteReport> reports = new ArrayList<>();
        for (int i = 0; i < alone.size(); i++) {
            reports.add(new SuiteReport(together.get(i), alone.get(i).runMessages(), alone.get(i).source()));
        }
        // The results files (each candidate row with its rendered input) are written while the reports are, on a
        // thread of their own; both are made from the same decisions and the same gate.json entries.
        GateFile gateFile = Reports.gateFile(reports);
        var summaries = new ArrayList<JsonNode>();
        // every result carries the candidate it ran (POM, @PromptEval and merged shards alike): the pushed rows'
        // inputs are rendered from it
        var candidates = new ArrayList<PromptTemplate>();
        for (int i = 0; i < reports.size(); i++) {
            summaries.add(gateFile.suite(reports.get(i).suite()).map(JSON::<JsonNode>valueToTree).orElse(null));
            candidates.add(results.get(i).candidatePrompt());
        }
        BackgroundWrite.start("prompt-eval-results", () -> {
            for (int i = 0; i < reports.size(); i++) keep(reports.get(i), candidates.get(i), summaries.get(i));
        }).alongside(() -> Reports.writeAll(settings.outputDir(), reports, gateFile));
        for (int i = 0; i < reports.size(); i++) {
            GateResult gate = reports.get(i).gate();
            PromptTemplate candidate = candidates.get(i);
            JsonNode summary = summaries.get(i);
            kept.put(reports.get(i).suite(), () -> EvalRunRecords.of(gate, candidate, runId, settings.gitCommit(),
                    summary));
        }
        return reports;
    }

    private void keep(SuiteReport report, PromptTemplate candidate, JsonNode summary) {
        Path file = resultsFile(settings.outputDir(), report.suite());
        try {
            AtomicFiles.write(file, out -> EvalRunRecords.write(out, JSON, report.gate(), candidate, runId,
                    settings.gitCommit(), summary));
        } catch (IOException e) {
            throw new PromptEvalException("the results of suite " + report.suite() + " could not be written to "
                    + file + ": " + e.getMessage() + "; check that the folder is writable", e);
        }
    }

    /**
     * Pushes a suite's results to the registry when its candidate is a registry version and pushing is on (by
     * default for registry candidates).
     *
     * @return a line for the build log, or null when nothing was to be pushed
     * @throws RegistryException when the push failed; the local copy under the output folder stays
     */
    public String pushResults(SuiteOutcome outcome) {
        return pushResults(outcome.suite().name(), outcome.suite().spec().prompt(),
                outcome.suite().candidate().version(), outcome.suite().spec().pushResults());
    }

    /**
     * As {@link #pushResults(SuiteOutcome)}, for a suite {@link #report} kept whose runs happened elsewhere.
     *
     * @param version    the candidate's registry version, or null for a working-tree file
     * @param configured the suite's {@code pushResults}; null for "when the candidate is a registry version"
     */
    public String pushResults(String suite, String prompt, Integer version, Boolean configured) {
        Supplier<EvalRunRecord> keptRecord = kept.get(suite);
        if (keptRecord == null) throw new IllegalStateException("report() has not kept suite " + suite);
        boolean push = configured != null ? configured : version != null;
        if (!push) return null;
        if (version == null) {
            return "suite " + suite + ": the candidate is a working-tree file, not a registry version;"
                    + " its results are pushed by prompt-eval:publish against the version it creates";
        }
        EvalRunRecord record = keptRecord.get();
        settings.registry().pushResults(prompt, version, record);
        return "suite " + suite + ": pushed " + record.rows().size() + " row results to " + prompt + " version "
                + version + " (run " + runId + ")";
    }

    /** Where {@link #report} writes a suite's results. */
    public static Path resultsFile(Path outputDir, String suite) {
        return outputDir.resolve("results").resolve(suite.replaceAll("[^A-Za-z0-9._-]", "_") + ".json");
    }
}
