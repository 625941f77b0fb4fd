package dev.prompteval.maven;

import dev.prompteval.gate.Decision;
import dev.prompteval.internal.PromptEvalException;
import dev.prompteval.internal.batch.BatchPendingException;
import dev.prompteval.internal.gate.GateResult;
import dev.prompteval.internal.gate.RuleCheck;
import dev.prompteval.internal.report.SuiteReport;
import dev.prompteval.internal.run.CancellationToken;
import dev.prompteval.internal.run.Progress;
import dev.prompteval.internal.shard.Shard;
import dev.prompteval.internal.shard.ShardRun;
import dev.prompteval.internal.suite.Evaluation;
import dev.prompteval.internal.suite.EvaluationSession;
import dev.prompteval.internal.suite.PreparedSuite;
import dev.prompteval.internal.suite.PromptEvalSettings.Property;
import dev.prompteval.internal.suite.PromptEvalSettings;
import dev.prompteval.internal.suite.SuiteConfigurationException;
import dev.prompteval.internal.suite.SuiteOutcome;
import dev.prompteval.internal.suite.SuitePlan;
import dev.prompteval.internal.suite.SuiteProgress;
import dev.prompteval.internal.suite.SuiteResult;
import dev.prompteval.internal.suite.SuiteResultFile;
import dev.prompteval.internal.suite.SuiteSpec;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Evaluates each configured suite and the project's {@code @PromptEval} tests: runs the candidate prompt and its
 * baseline over the suite's datasets, compares them with paired statistics, writes one set of reports over all of
 * them under {@code target/prompt-eval/}, and fails the build once when any suite's gate blocks (one WARN line per
 * violated rule before that). The goal only translates its parameters; core's
 * {@link EvaluationSession} does the work.
 */
@Mojo(name = "evaluate", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true,
        requiresDependencyResolution = ResolutionScope.TEST)
public class EvaluateMojo extends AbstractPromptEvalMojo {

    /** Skips the evaluation. */
    @Parameter(property = "promptEval.skip", defaultValue = "false")
    boolean skip;

    /** Fail the build when a gate blocks; false logs the violations and goes on. */
    @Parameter(property = "promptEval.haltOnFailure", defaultValue = "true")
    boolean haltOnFailure;

    /** {@code live} (call models, cache answers), {@code record} (also write recordings), {@code replay}. */
    @Parameter(property = "promptEval.mode", defaultValue = "live")
    String mode;

    /** Model calls in flight at most, per suite: its candidate and baseline run at once and share them. */
    @Parameter(property = "promptEval.concurrency", defaultValue = "16")
    int concurrency;

    /** Spend in US dollars at which a run stops starting calls (what completed is kept; the gate fails). */
    @Parameter(property = "promptEval.maxCost")
    Double maxCost;

    /** Committed recordings, one {@code <suite>.jsonl} per suite, for record and replay. */
    @Parameter(property = "promptEval.recordingsDirectory",
            defaultValue = "${project.basedir}/src/test/prompt-eval/recordings")
    File recordingsDirectory;

    /** Keep a local response cache so that no call is paid for twice. */
    @Parameter(property = "promptEval.cache", defaultValue = "true")
    boolean cache;

    /** The local response cache. */
    @Parameter(property = "promptEval.cacheDirectory", defaultValue = "${project.build.directory}/prompt-eval/cache")
    File cacheDirectory;

    /** Provider of the grader model behind {@code llm-rubric} assertions. */
    @Parameter(property = "promptEval.grader.provider", defaultValue = "openai")
    String graderProvider;

    /** The grader model behind {@code llm-rubric} assertions. */
    @Parameter(property = "promptEval.grader.model", defaultValue = "gpt-4o-mini")
    String graderModel;

    /** Base URL of the grader and embeddings endpoints (an OpenAI-compatible server), when not the provider's own. */
    @Parameter(property = "promptEval.grader.baseUrl")
    String graderBaseUrl;

    /** The embedding model behind {@code similar} assertions. */
    @Parameter(property = "promptEval.grader.embeddingModel", defaultValue = "text-embedding-3-small")
    String embeddingModel;

    /**
     * Who embeds for {@code similar}: {@code openai} or {@code openai-compatible}. By default the grader's provider
     * when it serves embeddings, else {@code openai}; only used when a suite has a {@code similar} assertion.
     */
    @Parameter(property = "promptEval.grader.embeddingProvider")
    String graderEmbeddingProvider;

    /**
     * How long one call is retried while the provider answers with rate limits or overloads (429, 529, 503), in
     * seconds; 0 turns those retries off. Rows still failing after it are reported as not evaluated.
     */
    @Parameter(property = "promptEval.retryBudgetSeconds", defaultValue = "600")
    long retryBudgetSeconds = 600;

    /**
     * Submit the calls that the cache does not answer through the providers' batch APIs (OpenAI Batch, Anthropic
     * Message Batches, Gemini batch mode) at half the price, wait for them and collect; a suite's {@code <batch>}
     * overrides it.
     */
    @Parameter(property = "promptEval.batch", defaultValue = "false")
    boolean batch;

    /**
     * How long a suite waits for its batches, in minutes; when it passes, the build stops with "re-run to collect"
     * and decides nothing (0: submit, or look once, and stop).
     */
    @Parameter(property = "promptEval.batchWaitMinutes", defaultValue = "1440")
    int batchWaitMinutes = 1440;

    /** Seconds between two looks at a batch. */
    @Parameter(property = "promptEval.batchPollSeconds", defaultValue = "60")
    int batchPollSeconds = 60;

    /** Also run the project's {@code @PromptEval} tests (through the JUnit Platform) and gate on them. */
    @Parameter(property = "promptEval.junit", defaultValue = "true")
    boolean junit;

    /**
     * Extra JUnit configuration parameters for the {@code @PromptEval} tests, e.g. values their annotations refer to
     * as {@code ${name}}.
     */
    @Parameter
    Map<String, String> junitParameters = new LinkedHashMap<>();

    /**
     * {@code I/N}: evaluate only shard I of N of every suite's rows and write
     * {@code <output>/shards/shard-I-of-N.json} instead of deciding ({@code prompt-eval:merge} decides). Unset, GitLab's
     * {@code CI_NODE_INDEX}/{@code CI_NODE_TOTAL} are used in a {@code parallel:} job; {@code none} never shards.
     */
    @Parameter(property = "promptEval.shard")
    String shard;

    @Parameter(defaultValue = "${project.build.testOutputDirectory}", readonly = true, required = true)
    File testClassesDirectory;

    @Parameter(defaultValue = "${project.testClasspathElements}", readonly = true, required = true)
    List<String> testClasspath;

    /** The project's resolved artifacts: those that are the plugin's own libraries need not be loaded twice. */
    @Parameter(defaultValue = "${project.artifacts}", readonly = true, required = true)
    Set<org.apache.maven.artifact.Artifact> projectArtifacts;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("prompt-eval: skipped (promptEval.skip)");
            return;
        }
        var problems = new ArrayList<String>();
        List<SuiteSpec> specs = selectedSuites(problems, Set.of());
        PromptEvalSettings settings = settings(problems);
        boolean runJUnit = junit && testClassesDirectory.isDirectory() && JUnitSuites.used(testClasspath);
        if (specs.isEmpty() && !runJUnit && problems.isEmpty()) {
            getLog().info("prompt-eval: no suites to evaluate");
            return;
        }
        Map<String, String> shardProperties = properties();
        Optional<Shard> sharded = Shard.configured(shardProperties::get, System::getenv, problems);
        List<SuiteReport> reports;
        try (EvaluationSession session = EvaluationSession.open(settings, projectClassLoader(), System::getenv)) {
            // Every suite is validated before any runs, so that one build lists every problem (POM's and core's).
            List<PreparedSuite> prepared = List.of();
            try {
                prepared = session.evaluator().prepareAll(specs);
            } catch (SuiteConfigurationException e) {
                problems.addAll(e.problems());
            }
            if (!problems.isEmpty()) throw configurationFailure(problems, "; nothing was evaluated");
            // Said once, before any call: template parameters the provider's API has no equivalent for.
            prepared.forEach(suite -> suite.notices().forEach(getLog()::warn));
            if (sharded.isPresent() && !specs.isEmpty()) {
                evaluateShard(session, specs, prepared, sharded.get(), runJUnit);
                return;
            }
            // Only @PromptEval suites, which are not sharded: evaluated whole, so the gate is never skipped.
            if (sharded.isPresent()) {
                getLog().info("prompt-eval: shard " + sharded.get() + ": no POM suites to shard; the @PromptEval"
                        + " tests are evaluated whole");
            }
            reports = evaluate(session, specs, prepared, runJUnit);
        } catch (BatchPendingException e) {
            // Submitted, not yet answered: no decision (not a FAIL, not a pass), and no stale gate.json to publish by.
            e.problems().forEach(getLog()::warn);
            removeStaleDecision(settings);
            getLog().warn("prompt-eval: no decision yet: batches are still running, so nothing was gated and no "
                    + "report was written; run the build again to collect their answers and decide");
            return;
        } catch (SuiteConfigurationException e) {
            // The session could not be opened (say PromptLayer without its key): listed with the POM's problems.
            var all = new ArrayList<>(problems);
            e.problems().stream().filter(p -> !all.contains(p)).forEach(all::add);
            throw configurationFailure(all, "; nothing was evaluated");
        } catch (PromptEvalException e) {
            e.problems().forEach(getLog()::error);
            throw new MojoExecutionException("prompt-eval: the evaluation stopped: " + e.problems().get(0));
        }
        failIfBlocked(reports, settings.outputDir(), haltOnFailure, getLog());
    }

    /** Fails the build once when a gate blocked (or warns, with {@code haltOnFailure} false). */
    static void failIfBlocked(List<SuiteReport> reports, java.nio.file.Path outputDir, boolean haltOnFailure, Log log)
            throws MojoFailureException {
        String message = blockedMessage(reports, outputDir);
        if (message != null) {
            if (haltOnFailure) throw new MojoFailureException(message);
            log.warn(message + " (promptEval.haltOnFailure=false: the build goes on)");
        }
    }

    /** The build log's view of the suites: each plan (its warnings as WARN), batch lines, progress now and then. */
    private SuiteProgress progressLog() {
        return new SuiteProgress() {
            @Override
            public void onProgress(String suite, String reference, Progress progress) {
                getLog().info(suite + " [" + reference + "] " + progress.summary());
            }

            @Override
            public void onPlan(SuitePlan plan) {
                getLog().info(plan.summary());
                plan.warnings().forEach(getLog()::warn);
            }

            @Override
            public void onBatch(String line) {
                getLog().info(line);
            }
        };
    }

    /** Runs this build's shard of the POM's suites and writes its shard file; nothing is decided here. */
    private void evaluateShard(EvaluationSession session, List<SuiteSpec> specs, List<PreparedSuite> prepared,
                               Shard shard, boolean runJUnit) {
        PromptEvalSettings settings = session.settings();
        String from = this.shard != null && !this.shard.isBlank() ? Property.SHARD.key()
                : Shard.GITLAB_INDEX + "/" + Shard.GITLAB_TOTAL;
        getLog().info("prompt-eval: shard " + shard + " (" + from + "): evaluating its rows of " + specs.size()
                + " suite(s) in " + settings.mode().name().toLowerCase(Locale.ROOT) + " mode; this build writes a"
                + " shard file and decides nothing: prompt-eval:merge decides over every shard");
        if (runJUnit) {
            getLog().info("prompt-eval: the @PromptEval tests are not sharded; a shard build does not run them");
        }
        // Prepared (every dataset read and checked) once, in execute().
        ShardRun.Written written = ShardRun.runPrepared(session, prepared, shard, progressLog(),
                new CancellationToken());
        written.rowsBySuite().forEach((suite, rows) -> getLog().info("prompt-eval: shard " + shard + ": suite "
                + suite + ": " + rows + " of its " + written.rowCountBySuite().get(suite) + " rows"));
        if (session.graderUsage().calls() > 0) getLog().info("prompt-eval graders: " + session.graderUsage());
        getLog().info("prompt-eval: wrote " + written.file());
    }

    /** Removes an earlier build's {@code gate.json}, so that {@code publish} cannot act on a decision not made now. */
    private void removeStaleDecision(PromptEvalSettings settings) throws MojoExecutionException {
        java.nio.file.Path gate = settings.outputDir().resolve(dev.prompteval.internal.report.Reports.GATE_JSON);
        try {
            java.nio.file.Files.deleteIfExists(gate);
        } catch (java.io.IOException e) {
            throw new MojoExecutionException("prompt-eval: the earlier decision " + gate + " could not be removed ("
                    + e.getMessage() + "); delete it, so that publish does not act on it");
        }
    }

    /**
     * Why the build stops, or null when nothing blocks: suites the gate decided against ("fix the prompt"), and
     * apart from them suites that were not evaluated (the provider did not answer: no verdict on the prompt).
     */
    static String blockedMessage(List<SuiteReport> reports, Path outputDir) {
        List<SuiteReport> blocking = reports.stream().filter(r -> r.gate().blocking()).toList();
        if (blocking.isEmpty()) return null;
        List<String> judged = blocking.stream().filter(r -> r.gate().decision() != Decision.NOT_EVALUATED)
                .map(SuiteReport::suite).toList();
        List<String> unanswered = blocking.stream().filter(r -> r.gate().decision() == Decision.NOT_EVALUATED)
                .flatMap(r -> r.gate().notEvaluated().stream()).map(RuleCheck::message).toList();
        var message = new StringBuilder("prompt-eval: the gate blocked ").append(blocking.size()).append(" of ")
                .append(reports.size()).append(" suite(s): ")
                .append(String.join(", ", blocking.stream().map(SuiteReport::suite).toList())).append("; see ")
                .append(outputDir.resolve("report.html")).append(" (or report.md).");
        if (!judged.isEmpty()) {
            message.append(unanswered.isEmpty() ? " Fix the prompt" : " " + String.join(", ", judged)
                    + ": fix the prompt").append(", or accept the change by adjusting the suite's <rules> in the POM"
                    + " with a reviewed commit.");
        }
        for (String line : unanswered) message.append(' ').append(line).append(line.endsWith(".") ? "" : ".");
        return message.toString();
    }

    /** Runs the POM's suites, then the {@code @PromptEval} tests; reports over all; pushes the POM suites' results. */
    private List<SuiteReport> evaluate(EvaluationSession session, List<SuiteSpec> specs, List<PreparedSuite> prepared,
                                       boolean runJUnit) throws MojoExecutionException {
        PromptEvalSettings settings = session.settings();
        Evaluation evaluation = session.evaluation(Clock.systemUTC());
        SuiteResultFile.clear(settings.outputDir()); // the reports list this build's suites only
        var results = new ArrayList<SuiteResult>();
        List<SuiteOutcome> outcomes = List.of();
        if (!specs.isEmpty()) {
            getLog().info("prompt-eval: evaluating " + specs.size() + " suite(s) in "
                    + settings.mode().name().toLowerCase(Locale.ROOT) + " mode, run " + evaluation.runId());
            // Prepared (every dataset read and checked) once, above.
            outcomes = evaluation.runPrepared(prepared, progressLog(), new CancellationToken());
            outcomes.stream().map(Evaluation::resultOf).forEach(results::add);
        }
        List<SuiteResult> pomResults = List.copyOf(results);
        if (runJUnit) {
            runJUnitSuites(settings);
            // The @PromptEval suites' own files: the POM suites' are written below, after these are read.
            Set<String> pom = results.stream().map(SuiteResult::suite).collect(Collectors.toSet());
            SuiteResultFile.readAll(settings.outputDir()).stream().filter(r -> !pom.contains(r.suite()))
                    .forEach(results::add);
        }
        if (session.graderUsage().calls() > 0) getLog().info("prompt-eval graders: " + session.graderUsage());
        // The POM suites' files are for a later @PromptEval gate that rewrites the reports (Surefire alone); nothing
        // in this build reads them, so they are written while the reports are made, not before.
        // The POM suites were decided as they ran: the reports take those decisions rather than deciding again.
        List<GateResult> decided = outcomes.stream().map(SuiteOutcome::gate).toList();
        List<SuiteReport> reports = SuiteResultFile.writeInBackground(settings.outputDir(), pomResults)
                .alongside(() -> evaluation.report(results, decided));
        reports.forEach(this::logDecision);
        for (SuiteOutcome outcome : outcomes) {
            try {
                String pushed = evaluation.pushResults(outcome);
                if (pushed != null) getLog().info(pushed);
            } catch (PromptEvalException e) {
                getLog().warn("suite " + outcome.suite().name() + ": results were not pushed to the registry: "
                        + e.getMessage());
            }
        }
        return reports;
    }

    /** This goal's parameters as core's properties: the shared ones and the evaluation's own. */
    @Override
    Map<String, String> properties() {
        Map<String, String> properties = super.properties();
        properties.put(Property.MODE.key(), mode);
        properties.put(Property.RECORDINGS_DIRECTORY.key(), recordingsDirectory.getAbsolutePath());
        properties.put(Property.CACHE.key(), Boolean.toString(cache));
        properties.put(Property.CACHE_DIRECTORY.key(), cacheDirectory.getAbsolutePath());
        properties.put(Property.CONCURRENCY.key(), Integer.toString(concurrency));
        properties.put(Property.MAX_COST.key(), maxCost == null ? null : Double.toString(maxCost));
        properties.put(Property.GRADER_PROVIDER.key(), graderProvider);
        properties.put(Property.GRADER_MODEL.key(), graderModel);
        properties.put(Property.GRADER_BASE_URL.key(), graderBaseUrl);
        properties.put(Property.GRADER_EMBEDDING_MODEL.key(), embeddingModel);
        properties.put(Property.GRADER_EMBEDDING_PROVIDER.key(), graderEmbeddingProvider);
        properties.put(Property.RETRY_BUDGET_SECONDS.key(), Long.toString(retryBudgetSeconds));
        properties.put(Property.SHARD.key(), shard);
        properties.put(Property.BATCH.key(), Boolean.toString(batch));
        properties.put(Property.BATCH_WAIT_MINUTES.key(), Integer.toString(batchWaitMinutes));
        properties.put(Property.BATCH_POLL_SECONDS.key(), Integer.toString(batchPollSeconds));
        return properties;
    }

    /** Runs the {@code @PromptEval} tests through the JUnit Platform with this build's settings, unchanged. */
    private void runJUnitSuites(PromptEvalSettings settings) throws MojoExecutionException {
        Map<String, String> parameters = new LinkedHashMap<>(junitParameters);
        parameters.putAll(settings.toProperties());
        getLog().info("prompt-eval: running @PromptEval tests from " + testClassesDirectory);
        BundledLibraries.Sharing sharing = BundledLibraries.ofPlugin().sharing(projectArtifacts);
        if (sharing.whyNone() != null) {
            getLog().debug("prompt-eval: the @PromptEval tests load their own prompt-eval-core: " + sharing.whyNone());
        }
        List<String> lines = JUnitSuites.run(testClasspath, testClassesDirectory, parameters, sharing.files());
        getLog().info("prompt-eval: " + lines.get(0));
        lines.subList(1, lines.size()).forEach(line -> getLog().debug(line));
    }

    /** The suite's decision, then its notes and warnings, then one WARN line per violation. */
    private void logDecision(SuiteReport report) {
        logDecision(report, getLog());
    }

    static void logDecision(SuiteReport report, Log log) {
        log.info(report.suite() + ": " + report.gate().decision().name()
                + (SuiteReport.POM.equals(report.source()) ? "" : " (" + report.source() + ")"));
        report.gate().notes().forEach(note -> log.info(note));
        report.warnings().forEach(log::warn);
        report.violations().forEach(log::warn);
    }

    /** Custom scorers and targets live in the project's own (test) classes. */
    private ClassLoader projectClassLoader() throws MojoExecutionException {
        var urls = new ArrayList<URL>();
        for (String element : testClasspath) {
            try {
                urls.add(new File(element).toURI().toURL());
            } catch (MalformedURLException e) {
                throw new MojoExecutionException("test classpath element " + element + " is not a valid path", e);
            }
        }
        return new URLClassLoader(urls.toArray(URL[]::new), getClass().getClassLoader());
    }
}
