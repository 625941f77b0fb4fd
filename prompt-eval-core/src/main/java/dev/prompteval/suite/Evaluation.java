package dev.prompteval.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.prompteval.registry.EvalRunRecord;
import dev.prompteval.registry.RegistryException;
import dev.prompteval.report.GateFile;
import dev.prompteval.report.Reports;
import dev.prompteval.report.SuiteReport;
import dev.prompteval.run.CancellationToken;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One build's evaluation: every suite prepared (all problems reported at once), run and gated; each suite's results
 * kept under the output folder; results pushed to the registry for candidates that are registry versions.
 */
public final class Evaluation {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final EvaluationSettings settings;
    private final SuiteEvaluator evaluator;
    private final String runId;
    /** What {@link #writeReports} wrote, read back once; null before. */
    private GateFile gateFile;

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
     * Prepares every suite (nothing runs unless all are valid), then runs and gates them one after another.
     *
     * @throws SuiteConfigurationException listing every problem of every suite, before any model call
     */
    public List<SuiteOutcome> run(List<SuiteSpec> specs, SuiteProgress progress, CancellationToken cancel) {
        List<PreparedSuite> prepared = evaluator.prepareAll(specs);
        var outcomes = new ArrayList<SuiteOutcome>();
        for (PreparedSuite suite : prepared) {
            outcomes.add(evaluator.evaluate(suite, progress, cancel));
        }
        // One build, one false-block rate: the suites' regression checks are decided together.
        var decided = dev.prompteval.gate.Gate.decideTogether(outcomes.stream().map(SuiteOutcome::gate).toList());
        var together = new ArrayList<SuiteOutcome>();
        for (int i = 0; i < outcomes.size(); i++) {
            SuiteOutcome o = outcomes.get(i);
            together.add(new SuiteOutcome(o.suite(), o.candidate(), o.baseline(), decided.get(i)));
        }
        return together;
    }

    /**
     * Writes {@code gate.json}, {@code report.md} (also to {@code $GITHUB_STEP_SUMMARY}), JUnit XML and
     * {@code report.html} under the output folder.
     *
     * @return the files written
     */
    public List<Path> writeReports(List<SuiteOutcome> outcomes) {
        List<Path> written = Reports.writeAll(settings.outputDir(), outcomes.stream()
                .map(o -> SuiteReport.of(o.gate(), o.candidate(), o.baseline())).toList());
        gateFile = GateFile.read(settings.outputDir().resolve(Reports.GATE_JSON));
        return written;
    }

    /**
     * Writes the suite's results to {@code <output>/results/<suite>.json}, where {@code publish} finds them to push
     * against the version it creates, and returns the record. Its summary is the suite's entry of {@code gate.json}
     * when {@link #writeReports} wrote one.
     */
    public EvalRunRecord keepResults(SuiteOutcome outcome) {
        JsonNode summary = gateFile == null ? null
                : gateFile.suite(outcome.suite().name()).map(JSON::<JsonNode>valueToTree).orElse(null);
        EvalRunRecord record = EvalRunRecords.of(outcome, runId, settings.gitCommit(), summary);
        Path file = resultsFile(settings.outputDir(), outcome.suite().name());
        try {
            Files.createDirectories(file.getParent());
            JSON.writeValue(file.toFile(), record);
        } catch (IOException e) {
            throw new UncheckedIOException("the results of suite " + outcome.suite().name() + " could not be"
                    + " written to " + file + ": " + e.getMessage(), e);
        }
        return record;
    }

    /**
     * Pushes a suite's results to the registry when its candidate is a registry version and pushing is on (by
     * default for registry candidates).
     *
     * @return a line for the build log, or null when nothing was to be pushed
     * @throws RegistryException when the push failed; the local copy under the output folder stays
     */
    public String pushResults(SuiteOutcome outcome, EvalRunRecord record) {
        Integer version = outcome.suite().candidate().version();
        Boolean configured = outcome.suite().spec().pushResults();
        boolean push = configured != null ? configured : version != null;
        if (!push) return null;
        if (version == null) {
            return "suite " + outcome.suite().name() + ": the candidate is a working-tree file, not a registry version;"
                    + " its results are pushed by prompt-eval:publish against the version it creates";
        }
        settings.registry().pushResults(outcome.suite().spec().prompt(), version, record);
        return "suite " + outcome.suite().name() + ": pushed " + record.rows().size() + " row results to "
                + outcome.suite().spec().prompt() + " version " + version + " (run " + runId + ")";
    }

    /** Where {@link #keepResults} writes a suite's results. */
    public static Path resultsFile(Path outputDir, String suite) {
        return outputDir.resolve("results").resolve(suite.replaceAll("[^A-Za-z0-9._-]", "_") + ".json");
    }
}
