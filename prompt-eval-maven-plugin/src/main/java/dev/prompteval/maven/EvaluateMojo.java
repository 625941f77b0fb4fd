package dev.prompteval.maven;

import dev.prompteval.gate.GateResult;
import dev.prompteval.junit.JUnitSuiteResult;
import dev.prompteval.gate.RuleCheck;
import dev.prompteval.provider.CachingProvider;
import dev.prompteval.provider.Providers;
import dev.prompteval.registry.EvalRunRecord;
import dev.prompteval.registry.PromptRegistry;
import dev.prompteval.registry.RegistryException;
import dev.prompteval.run.CancellationToken;
import dev.prompteval.run.RunOptions;
import dev.prompteval.provider.ProviderOptions;
import dev.prompteval.score.graded.GraderConfig;
import dev.prompteval.suite.GraderSession;
import dev.prompteval.template.ModelSpec;
import dev.prompteval.suite.Evaluation;
import dev.prompteval.suite.EvaluationSettings;
import dev.prompteval.suite.SuiteConfigurationException;
import dev.prompteval.suite.SuiteEvaluator;
import dev.prompteval.suite.SuiteOutcome;
import dev.prompteval.suite.SuiteSpec;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Evaluates each configured suite: runs the candidate prompt and its baseline over the suite's datasets, compares
 * them with paired statistics, writes the reports under {@code target/prompt-eval/}, and fails the build once when
 * any suite's gate blocks (one WARN line per violated rule before that).
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

    /** Model calls in flight at most, per run. */
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

    /** Also run the project's {@code @PromptEval} tests (through the JUnit Platform) and gate on them. */
    @Parameter(property = "promptEval.junit", defaultValue = "true")
    boolean junit;

    /**
     * Extra JUnit configuration parameters for the {@code @PromptEval} tests, e.g. values their annotations refer to
     * as {@code ${name}}.
     */
    @Parameter
    Map<String, String> junitParameters = new LinkedHashMap<>();

    @Parameter(defaultValue = "${project.build.testOutputDirectory}", readonly = true, required = true)
    File testClassesDirectory;

    @Parameter(defaultValue = "${project.testClasspathElements}", readonly = true, required = true)
    List<String> testClasspath;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("prompt-eval: skipped (promptEval.skip)");
            return;
        }
        var problems = new ArrayList<String>();
        List<SuiteSpec> specs = selectedSuites(problems);
        CachingProvider.Mode callMode = parseMode(problems);
        RunOptions runOptions = runOptions(problems);
        boolean runJUnit = junit && testClassesDirectory.isDirectory() && JUnitSuites.used(testClasspath);
        if (specs.isEmpty() && !runJUnit && problems.isEmpty()) {
            getLog().info("prompt-eval: no suites to evaluate");
            return;
        }
        var verdicts = new ArrayList<Verdict>();
        if (!specs.isEmpty() || !problems.isEmpty()) {
            verdicts.addAll(evaluatePomSuites(specs, callMode, runOptions, problems));
        }
        if (runJUnit) verdicts.addAll(runJUnitSuites(callMode));
        long blocking = verdicts.stream().filter(Verdict::blocking).count();
        if (blocking > 0) {
            String message = "prompt-eval: the gate blocked " + blocking + " of " + verdicts.size() + " suite(s): "
                    + verdicts.stream().filter(Verdict::blocking).map(Verdict::suite).collect(Collectors.joining(", "))
                    + "; see " + outputDirectory.toPath().resolve("report.html") + " (or report.md). Fix the prompt,"
                    + " or accept the change by adjusting the suite's <rules> in the POM with a reviewed commit.";
            if (haltOnFailure) throw new MojoFailureException(message);
            getLog().warn(message + " (promptEval.haltOnFailure=false: the build goes on)");
        }
    }

    /** A suite's decision as the build sees it. */
    private record Verdict(String suite, boolean blocking) {
    }

    /** Evaluates the POM's suites; with problems in the POM itself, validates them too and fails listing all. */
    private List<Verdict> evaluatePomSuites(List<SuiteSpec> specs, CachingProvider.Mode callMode,
                                            RunOptions runOptions, List<String> problems)
            throws MojoExecutionException, MojoFailureException {
        ClassLoader projectLoader = projectClassLoader();
        PromptRegistry promptRegistry = openRegistry();
        List<SuiteOutcome> outcomes;
        Evaluation evaluation;
        Path cacheDir = cache ? cacheDirectory.toPath() : null;
        // With problems in the POM itself nothing runs, but the suites are still validated (the mode does not matter
        // for that), so that one build lists every problem.
        CachingProvider.Mode servedBy = callMode != null ? callMode : CachingProvider.Mode.LIVE;
        try (Providers providers = Providers.builder().classLoader(projectLoader).build();
             GraderSession graders = GraderSession.open(graderConfig(), providers, servedBy, cacheDir,
                     recordingsDirectory.toPath())) {
            EvaluationSettings settings = new EvaluationSettings(basedir.toPath(), outputDirectory.toPath(),
                    promptRegistry, servedBy, recordingsDirectory.toPath(), cacheDir, runOptions, providers,
                    graders.scorers(projectLoader), GitCommit.fromEnvironment(System::getenv));
            if (!problems.isEmpty()) {
                new SuiteEvaluator(settings).prepareAll(specs);
                throw configurationFailure(problems);
            }
            evaluation = new Evaluation(settings, Clock.systemUTC());
            getLog().info("prompt-eval: evaluating " + specs.size() + " suite(s) in " + callMode.name().toLowerCase()
                    + " mode, run " + evaluation.runId());
            outcomes = evaluation.run(specs, (suite, reference, progress) ->
                    getLog().info(suite + " [" + reference + "] " + progress.summary()), new CancellationToken());
            if (graders.usage().calls() > 0) getLog().info("prompt-eval graders: " + graders.usage());
        } catch (SuiteConfigurationException e) {
            problems.addAll(e.problems());
            throw configurationFailure(problems);
        } catch (IllegalArgumentException | RegistryException e) {
            throw new MojoExecutionException("prompt-eval: " + e.getMessage(), e);
        }
        try {
            evaluation.writeReports(outcomes);
        } catch (RuntimeException e) {
            getLog().error("prompt-eval: the reports could not be written: " + e.getMessage());
        }
        var verdicts = new ArrayList<Verdict>();
        for (SuiteOutcome outcome : outcomes) {
            GateResult gate = outcome.gate();
            logRunMessages(outcome);
            logDecision(gate.suite(), gate.decision().name(), gate.notes(),
                    gate.warnings().stream().map(RuleCheck::message).toList(),
                    gate.violations().stream().map(RuleCheck::message).toList());
            verdicts.add(new Verdict(gate.suite(), gate.blocking()));
            EvalRunRecord record = evaluation.keepResults(outcome);
            try {
                String pushed = evaluation.pushResults(outcome, record);
                if (pushed != null) getLog().info(pushed);
            } catch (RegistryException e) {
                getLog().warn("suite " + gate.suite() + ": results were not pushed to the registry: " + e.getMessage());
            }
        }
        return verdicts;
    }

    /** Runs the {@code @PromptEval} tests through the JUnit Platform and folds their gates into the build's. */
    private List<Verdict> runJUnitSuites(CachingProvider.Mode callMode) throws MojoExecutionException {
        Map<String, String> parameters = new LinkedHashMap<>(junitParameters);
        parameters.put("promptEval.mode", callMode.name().toLowerCase(Locale.ROOT));
        parameters.put("promptEval.projectDir", basedir.getAbsolutePath());
        parameters.put("promptEval.outputDir", outputDirectory.getAbsolutePath());
        parameters.put("promptEval.registry", registryDirectory.getAbsolutePath());
        parameters.put("promptEval.recordings", recordingsDirectory.getAbsolutePath());
        parameters.put("promptEval.cache", cache ? cacheDirectory.getAbsolutePath() : "none");
        parameters.put("promptEval.concurrency", Integer.toString(concurrency));
        parameters.put("promptEval.repeat", Integer.toString(repeat));
        getLog().info("prompt-eval: running @PromptEval tests from " + testClassesDirectory);
        List<String> lines = JUnitSuites.run(testClasspath, testClassesDirectory, parameters);
        getLog().info("prompt-eval: " + lines.get(0));
        lines.subList(1, lines.size()).forEach(line -> getLog().debug(line));
        var verdicts = new ArrayList<Verdict>();
        for (JUnitSuiteResult result : JUnitSuites.results(outputDirectory.toPath())) {
            logDecision(result.suite(), result.decision().name() + " (@PromptEval " + result.testClass() + "#"
                    + result.testMethod() + ")", result.notes(), result.warnings(), result.violations());
            verdicts.add(new Verdict(result.suite(), result.blocking()));
        }
        return verdicts;
    }

    /** The suite's decision, then its notes and warnings, then one WARN line per violation. */
    private void logDecision(String suite, String decision, List<String> notes, List<String> warnings,
                             List<String> violations) {
        getLog().info(suite + ": " + decision);
        notes.forEach(note -> getLog().info(note));
        warnings.forEach(getLog()::warn);
        violations.forEach(getLog()::warn);
    }

    private void logRunMessages(SuiteOutcome outcome) {
        for (var run : Arrays.asList(outcome.candidate(), outcome.baseline())) {
            if (run == null) continue;
            if (run.stopReason() != dev.prompteval.run.RunOutcome.StopReason.COMPLETED) {
                getLog().warn(outcome.suite().name() + ": " + run.message());
            }
            run.warnings().forEach(w -> getLog().warn(outcome.suite().name() + ": " + w));
        }
    }

    /**
     * Who embeds for {@code similar}: {@code openai} or {@code openai-compatible}. By default the grader's provider
     * when it serves embeddings, else {@code openai} (Anthropic has no embeddings API); only used when a suite has a
     * {@code similar} assertion.
     */
    @Parameter(property = "promptEval.grader.embeddingProvider")
    String graderEmbeddingProvider;

    private GraderConfig graderConfig() {
        ProviderOptions options = new ProviderOptions(graderBaseUrl, null);
        boolean graderEmbeds = graderProvider.equalsIgnoreCase("openai")
                || graderProvider.equalsIgnoreCase("openai-compatible");
        String embedder = graderEmbeddingProvider != null && !graderEmbeddingProvider.isBlank()
                ? graderEmbeddingProvider.trim() : graderEmbeds ? graderProvider : "openai";
        return GraderConfig.DEFAULT
                .withModel(new ModelSpec(graderProvider, graderModel, GraderConfig.DEFAULT.model().parameters()))
                .withOptions(options)
                .withEmbeddingModel(new ModelSpec(embedder, embeddingModel, java.util.Map.of()))
                .withEmbeddingOptions(embedder.equalsIgnoreCase(graderProvider) ? options : ProviderOptions.DEFAULTS);
    }

    /** Every configuration problem, one ERROR line each, then one failure for all of them. */
    private MojoFailureException configurationFailure(List<String> problems) {
        problems.forEach(getLog()::error);
        return new MojoFailureException("prompt-eval: " + problems.size() + " configuration problem(s), listed"
                + " above; nothing was evaluated");
    }

    /** @return the mode, or null (and a problem added) when {@code promptEval.mode} names none */
    private CachingProvider.Mode parseMode(List<String> problems) {
        try {
            return CachingProvider.Mode.parse(mode);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    /**
     * How long one call is retried while the provider answers with rate limits or overloads (429, 529, 503), in
     * seconds; 0 turns those retries off. Rows still failing after it are reported as not evaluated.
     */
    @Parameter(property = "promptEval.retryBudgetSeconds", defaultValue = "600")
    long retryBudgetSeconds = 600;

    /** @return the runner's options; where a value is invalid a problem is added and the default stands in */
    private RunOptions runOptions(List<String> problems) {
        RunOptions options = RunOptions.defaults();
        if (retryBudgetSeconds < 0) {
            problems.add("promptEval.retryBudgetSeconds must be >= 0, was " + retryBudgetSeconds);
        } else {
            options = options.withRetry(options.retry().withOverloadBudget(
                    java.time.Duration.ofSeconds(retryBudgetSeconds)));
        }
        if (concurrency < 1) problems.add("promptEval.concurrency must be at least 1, was " + concurrency);
        else options = options.withConcurrency(concurrency);
        if (maxCost != null) {
            if (!(maxCost > 0)) problems.add("promptEval.maxCost must be > 0 (US dollars), was " + maxCost);
            else options = options.withBudgetUsd(maxCost);
        }
        return options;
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
