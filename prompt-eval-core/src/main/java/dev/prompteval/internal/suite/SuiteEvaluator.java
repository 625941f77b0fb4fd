package dev.prompteval.internal.suite;

import dev.prompteval.dataset.Assertion;
import dev.prompteval.gate.Decision;
import dev.prompteval.internal.batch.BatchRun;
import dev.prompteval.internal.dataset.AssertionSyntax;
import dev.prompteval.internal.dataset.Dataset;
import dev.prompteval.internal.dataset.DatasetProblem;
import dev.prompteval.internal.dataset.DatasetValidation;
import dev.prompteval.internal.gate.Gate;
import dev.prompteval.internal.gate.GateResult;
import dev.prompteval.internal.gate.GateRules;
import dev.prompteval.internal.json.CanonicalJson;
import dev.prompteval.internal.provider.CachingProvider;
import dev.prompteval.internal.provider.EvaluationMode;
import dev.prompteval.internal.provider.RecordingStore;
import dev.prompteval.internal.provider.ResponseCache;
import dev.prompteval.internal.registry.PromptReference;
import dev.prompteval.internal.registry.RegistryException;
import dev.prompteval.internal.registry.RegistryPrompt;
import dev.prompteval.internal.run.CancellationToken;
import dev.prompteval.internal.run.RunJournal;
import dev.prompteval.internal.run.RunOutcome;
import dev.prompteval.internal.run.RunResult;
import dev.prompteval.internal.run.RunSpec;
import dev.prompteval.internal.run.Runner;
import dev.prompteval.internal.score.RowScorer;
import dev.prompteval.internal.template.PromptTemplate;
import dev.prompteval.provider.ModelProvider;
import dev.prompteval.template.ModelSpec;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Evaluates suites end to end: resolves the candidate and baseline, validates the datasets against both before any
 * model is called, runs both versions over the same rows, and decides the gate. The Maven plugin and the JUnit
 * extension both go through here, so a suite gets the same decision wherever it runs.
 */
public final class SuiteEvaluator {
    /** The baseline reference that means "no baseline: absolute rules only". */
    public static final String NO_BASELINE = "none";

    private final EvaluationSettings settings;

    public SuiteEvaluator(EvaluationSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Prepares every suite, collecting the problems of all of them before failing.
     *
     * @throws SuiteConfigurationException listing every problem of every suite
     */
    public List<PreparedSuite> prepareAll(List<SuiteSpec> specs) {
        var problems = new ArrayList<String>();
        var prepared = new ArrayList<PreparedSuite>();
        var names = new java.util.HashSet<String>();
        for (SuiteSpec spec : specs) {
            if (spec.name() != null && !names.add(spec.name())) {
                problems.add("suite " + spec.name() + " is configured twice; give each suite its own <name>");
                continue;
            }
            try {
                prepared.add(prepare(spec));
            } catch (SuiteConfigurationException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) throw new SuiteConfigurationException(problems);
        return prepared;
    }

    /**
     * Resolves one suite's references and validates its datasets against both prompt versions, and that its
     * providers can be called (known, and with a key where a live call needs one).
     *
     * @throws SuiteConfigurationException listing every problem found
     */
    public PreparedSuite prepare(SuiteSpec spec) {
        return prepare(spec, true);
    }

    /**
     * As {@link #prepare(SuiteSpec)}; {@code callsModels} false skips the provider check, for runs whose answers come
     * from the team's own code (a custom target) instead.
     */
    public PreparedSuite prepare(SuiteSpec spec, boolean callsModels) {
        var problems = new ArrayList<String>();
        String suite = spec.name() == null || spec.name().isBlank() ? "(unnamed suite)" : spec.name();
        if (suite.equals("(unnamed suite)")) problems.add("a suite has no <name>; every suite needs one");
        if (spec.prompt() == null || spec.prompt().isBlank()) {
            problems.add("suite " + suite + ": no <prompt>; name the prompt as the registry knows it, e.g. "
                    + "support/ticket-classifier");
            throw new SuiteConfigurationException(problems);
        }
        if (spec.repeat() < 1) problems.add("suite " + suite + ": repeat must be at least 1, was " + spec.repeat());

        RegistryPrompt candidate = resolve(suite, spec.prompt(), "candidate", spec.candidate(), problems);
        boolean hasBaseline = spec.baseline() != null && !spec.baseline().isBlank()
                && !NO_BASELINE.equals(spec.baseline().strip());
        RegistryPrompt baseline = hasBaseline
                ? resolve(suite, spec.prompt(), "baseline", spec.baseline(), problems) : null;
        ModelSpec candidateModel = candidate == null ? null : model(suite, "candidate", candidate, spec, problems);
        ModelSpec baselineModel = baseline == null ? null : model(suite, "baseline", baseline, spec, problems);
        if (callsModels) {
            boolean live = settings.mode() != EvaluationMode.REPLAY;
            var ready = new java.util.LinkedHashSet<String>();
            for (ModelSpec model : new ModelSpec[] {candidateModel, baselineModel}) {
                if (model == null || model.provider() == null) continue;
                settings.providers().checkReady(model.provider(), spec.providerOptions(), live)
                        .ifPresent(ready::add);
                PromptTemplate template = (model == candidateModel ? candidate : baseline).template();
                String which = (model == candidateModel ? "candidate " : "baseline ") + "prompt " + spec.prompt();
                template.unsendable().forEach(problem -> ready.add(which + ": " + problem));
                settings.providers().checkParameters(model.provider(), model, template.shape()).ifPresent(problem ->
                        ready.add(which + ", " + problem));
            }
            if (SuiteBatch.applies(settings, spec)) {
                for (ModelSpec model : new ModelSpec[] {candidateModel, baselineModel}) {
                    if (model == null || model.provider() == null) continue;
                    try {
                        settings.providers().batch(model.provider(), spec.providerOptions());
                    } catch (IllegalArgumentException e) {
                        ready.add("batch mode: " + e.getMessage());
                    }
                }
            }
            ready.forEach(problem -> problems.add("suite " + suite + ": " + problem));
        }

        var assertions = new ArrayList<Assertion>();
        for (int i = 0; i < spec.assertions().size(); i++) {
            String source = "suite " + suite + " assertion " + (i + 1);
            try {
                assertions.add(AssertionSyntax.parse(spec.assertions().get(i), source, settings.scorers()));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }

        var templates = new ArrayList<PromptTemplate>();
        if (candidate != null) templates.add(candidate.template());
        if (baseline != null) templates.add(baseline.template());
        List<Dataset> datasets = datasets(suite, spec, templates, assertions, problems);

        if (!problems.isEmpty()) throw new SuiteConfigurationException(problems);
        // Both versions usually share the model: the same line once.
        var notices = new java.util.LinkedHashSet<String>();
        for (ModelSpec model : new ModelSpec[] {candidateModel, baselineModel}) {
            if (model == null || model.provider() == null || !callsModels) continue;
            settings.providers().parametersNotSent(model.provider(), model).forEach(line ->
                    notices.add("suite " + suite + ", prompt " + spec.prompt() + ", " + line));
        }
        return new PreparedSuite(spec, candidate, candidateModel, baseline, baselineModel, datasets,
                datasetHash(datasets), new RowScorer(settings.scorers(), assertions), List.copyOf(notices));
    }

    /**
     * Runs the candidate and the baseline at once over the suite's rows through the configured model, and gates. With
     * {@code maxRepeat}, an INCONCLUSIVE suite is sampled again in stages (K, 2K, 4K ... up to maxRepeat samples per
     * row), stopping at the first PASS or FAIL; earlier samples come back from the response cache or the recordings
     * (their sample index is in the key), so each stage pays only for its new samples. A stage that does not
     * complete (the budget, a cancel) ends the staging with the last complete stage's decision.
     */
    public SuiteOutcome evaluate(PreparedSuite suite, SuiteProgress progress, CancellationToken cancel) {
        GateRules rules = suite.spec().rules();
        int repeat = suite.spec().repeat();
        SuiteRuns runs = run(suite, null, repeat, progress, cancel);
        GateResult gate = gate(rules, runs);
        while (gate.decision() == Decision.INCONCLUSIVE && repeat < rules.maxRepeat() && !cancel.isCancelled()) {
            repeat = Math.min(rules.maxRepeat(), repeat * 2);
            SuiteRuns more = run(suite, null, repeat, progress, cancel);
            if (!complete(more)) break;
            runs = more;
            gate = gate(rules, runs);
        }
        return new SuiteOutcome(suite, runs.candidate(), runs.baseline(), gate);
    }

    private static GateResult gate(GateRules rules, SuiteRuns runs) {
        return decide(rules, runs.candidate().result(), runs.baseline() == null ? null : runs.baseline().result());
    }

    private static boolean complete(SuiteRuns runs) {
        return runs.candidate().stopReason() == RunOutcome.StopReason.COMPLETED
                && (runs.baseline() == null || runs.baseline().stopReason() == RunOutcome.StopReason.COMPLETED);
    }

    /**
     * The suite's decision: the one path every suite takes, run from the POM or as an {@code @PromptEval} test (whose
     * runs carry its test bodies' verdicts). Deterministic, so deciding a kept {@link SuiteResult} again gives the
     * same decision.
     *
     * @param baseline null when the suite has no baseline
     */
    public static GateResult decide(GateRules rules, RunResult candidate, RunResult baseline) {
        return new Gate(rules).evaluate(candidate, baseline);
    }

    /**
     * Runs the candidate and the baseline at once over the suite's rows.
     *
     * @param target the team's own code standing in for the model (e.g. a {@code @PromptTarget} method), called
     *               for both versions without cache or recordings; null to call the configured model
     */
    public SuiteRuns run(PreparedSuite suite, ModelProvider target, SuiteProgress progress, CancellationToken cancel) {
        return run(suite, target, suite.spec().repeat(), progress, cancel);
    }

    /**
     * Runs the candidate and the baseline at once over some of the suite's rows (a shard's), without deciding: the
     * decision needs every row. Interrupted runs resume from journals under {@code journalDir}, which a caller keeps
     * apart from the whole suite's (another subset of rows must not share a journal).
     *
     * @param rows the rows to run, a subset of {@link PreparedSuite#rows()} in its order
     */
    public SuiteRuns run(PreparedSuite suite, Iterable<dev.prompteval.dataset.Row> rows, Path journalDir,
                         SuiteProgress progress, CancellationToken cancel) {
        try {
            return runBoth(suite, null, suite.spec().repeat(), rows, journalDir, progress, cancel);
        } catch (java.io.UncheckedIOException e) {
            throw new dev.prompteval.internal.PromptEvalException("suite " + suite.name() + ": " + e.getMessage(), e);
        }
    }

    private SuiteRuns run(PreparedSuite suite, ModelProvider target, int repeat, SuiteProgress progress,
                          CancellationToken cancel) {
        try {
            return runBoth(suite, target, repeat, suite.rows(), settings.outputDir(), progress, cancel);
        } catch (java.io.UncheckedIOException e) {
            // Damaged recordings, an unwritable cache: the file is named in the message, and the user fixes it.
            throw new dev.prompteval.internal.PromptEvalException("suite " + suite.name() + ": " + e.getMessage(), e);
        }
    }

    private SuiteRuns runBoth(PreparedSuite suite, ModelProvider target, int repeat,
                              Iterable<dev.prompteval.dataset.Row> rows, Path journalDir, SuiteProgress progress,
                              CancellationToken cancel) {
        try (RecordingStore recordings = target != null || settings.mode() == EvaluationMode.LIVE ? null
                : RecordingStore.forSuite(settings.recordingsDir(), suite.name())) {
            ModelProvider candidateCalls = target;
            ModelProvider baselineCalls = target;
            SuiteBatch.Plan batch = null;
            if (target == null && SuiteBatch.applies(settings, suite.spec())) {
                // Batch mode: the calls are made as batches first; the runs are then served their answers.
                batch = planBatches(suite, repeat, progress);
                BatchRun.Answers answers = batch.run().collect(cancel);
                candidateCalls = cached(answers.provider(batch.candidate()), recordings);
                if (batch.baseline() != null) baselineCalls = cached(answers.provider(batch.baseline()), recordings);
            } else if (target == null) {
                candidateCalls = provider(suite, suite.candidateModel(), recordings);
                if (suite.baseline() != null) baselineCalls = provider(suite, suite.baselineModel(), recordings);
            }
            var versions = new ArrayList<Version>();
            versions.add(new Version(suite.candidate(), suite.spec().candidate(), suite.candidateModel(),
                    candidateCalls));
            if (suite.baseline() != null) {
                versions.add(new Version(suite.baseline(), suite.spec().baseline(), suite.baselineModel(),
                        baselineCalls));
            }
            List<RunOutcome> outcomes = run(suite, versions, target != null, repeat, rows, journalDir, progress,
                    cancel);
            RunOutcome candidate = outcomes.get(0);
            RunOutcome baseline = outcomes.size() > 1 ? outcomes.get(1) : null;
            var runs = new SuiteRuns(candidate, baseline);
            // The batches are done with once both runs have every result; an interrupted run keeps them to resume.
            if (batch != null && complete(runs)) batch.ledger().delete();
            return runs;
        }
    }

    /**
     * Submits the suite's missing calls as batches without waiting for them, so that a build with several batch
     * suites has all of them processing while it waits for the first. Does nothing for a suite not in batch mode.
     *
     * @throws dev.prompteval.internal.PromptEvalException when a batch cannot be submitted
     */
    public void submitBatches(PreparedSuite suite, SuiteProgress progress) {
        if (!SuiteBatch.applies(settings, suite.spec())) return;
        planBatches(suite, suite.spec().repeat(), progress).run().submit();
    }

    /** Whether the suite's calls go through the providers' batch APIs (for it or the whole build, and not replayed). */
    public boolean inBatchMode(SuiteSpec spec) {
        return SuiteBatch.applies(settings, spec);
    }

    /** What both versions would call the model for at this repeat, asked of the suite's batches. */
    private SuiteBatch.Plan planBatches(PreparedSuite suite, int repeat, SuiteProgress progress) {
        return new SuiteBatch(settings).plan(suite, repeat, progress, (version, candidate) ->
                spec(suite, version, candidate ? suite.spec().candidate() : suite.spec().baseline(),
                        candidate ? suite.candidateModel() : suite.baselineModel(), repeat));
    }

    /** The runs of a suite's two versions; {@code baseline} is null when the suite has none. */
    public record SuiteRuns(RunOutcome candidate, RunOutcome baseline) {
    }

    /** A version to run: the prompt, its reference as written, its model and what answers its calls. */
    private record Version(RegistryPrompt prompt, String reference, ModelSpec model, ModelProvider calls) {
    }

    /**
     * Runs the versions at once within the suite's concurrency ({@link Runner#runTogether}), so that neither waits
     * for the other's last calls.
     */
    private List<RunOutcome> run(PreparedSuite suite, List<Version> versions, boolean custom, int repeat,
                                 Iterable<dev.prompteval.dataset.Row> rows, Path journalDir, SuiteProgress progress,
                                 CancellationToken cancel) {
        var jobs = new ArrayList<Runner.Job>();
        var journals = new ArrayList<RunJournal>();
        List<RunOutcome> outcomes;
        try {
            for (Version version : versions) {
                RunSpec spec = spec(suite, version.prompt(), version.reference(), version.model(), repeat);
                Runner runner = new Runner(version.calls(), suite.rowScorer()::score, settings.runOptions());
                // The journal is for resuming an interrupted run, or one with rows the provider did not answer: a
                // finished run's journal is removed, so a later build re-scores with its own scorers and suite
                // assertions (the response cache keeps calls free).
                // A custom target is the team's code, which may have changed since, so its runs are never resumed.
                RunJournal journal = custom ? RunJournal.disabled()
                        : RunJournal.open(RunJournal.fileFor(journalDir, spec), spec);
                journals.add(journal);
                jobs.add(new Runner.Job(runner, spec, rows, journal,
                        p -> progress.onProgress(suite.name(), spec.reference(), p)));
            }
            outcomes = Runner.runTogether(jobs, cancel);
        } finally {
            closeAll(journals);
        }
        for (int i = 0; i < outcomes.size(); i++) {
            RunOutcome outcome = outcomes.get(i);
            // A sample not evaluated is an error result, so a run without errors needs no pass over its rows.
            boolean unanswered = outcome.progress().errors() > 0 && outcome.result().rows().stream()
                    .anyMatch(dev.prompteval.internal.run.RowResult::notEvaluated);
            if (!custom && outcome.stopReason() == RunOutcome.StopReason.COMPLETED && !unanswered) {
                deleteFinished(journals.get(i).file());
            }
        }
        return outcomes;
    }

    /** Closes every journal, the first failure thrown with the others suppressed. */
    private static void closeAll(List<RunJournal> journals) {
        RuntimeException failure = null;
        for (RunJournal journal : journals) {
            try {
                journal.close();
            } catch (RuntimeException e) {
                if (failure == null) failure = e;
                else failure.addSuppressed(e);
            }
        }
        if (failure != null) throw failure;
    }

    private static void deleteFinished(Path journalFile) {
        try {
            Files.deleteIfExists(journalFile);
        } catch (java.io.IOException e) {
            throw new dev.prompteval.internal.PromptEvalException("the finished run journal " + journalFile
                    + " could not be removed (" + e.getMessage() + "); delete it by hand", e);
        }
    }

    private static RunSpec spec(PreparedSuite suite, RegistryPrompt version, String reference, ModelSpec model,
                                int repeat) {
        return new RunSpec(suite.name(), suite.spec().prompt(), reference.strip(), version.version(),
                version.template(), model, suite.datasetHash(), repeat);
    }

    private ModelProvider provider(PreparedSuite suite, ModelSpec model, RecordingStore recordings) {
        return cached(settings.providers().create(model.provider(), suite.spec().providerOptions()),
                recordings);
    }

    /** Calls through the cache and recordings, as the mode says. */
    private CachingProvider cached(ModelProvider calls, RecordingStore recordings) {
        ResponseCache cache = settings.cacheDir() == null ? null : new ResponseCache(settings.cacheDir());
        return new CachingProvider(calls, settings.mode(), cache, recordings);
    }

    private RegistryPrompt resolve(String suite, String prompt, String side, String text, List<String> problems) {
        if (text == null || text.isBlank()) {
            problems.add("suite " + suite + ": no " + side + " reference; use file:path/to/prompt.json, version:N, "
                    + "label:L or latest");
            return null;
        }
        try {
            PromptReference reference = PromptReference.parse(text);
            if (reference instanceof PromptReference.File file) {
                reference = file.resolveAgainst(settings.projectDir());
            }
            return settings.registry().get(prompt, reference);
        } catch (RegistryException | dev.prompteval.internal.template.TemplateException e) {
            problems.add("suite " + suite + ", " + side + " " + text.strip() + ": " + e.getMessage());
            return null;
        }
    }

    private static ModelSpec model(String suite, String side, RegistryPrompt version, SuiteSpec spec,
                                   List<String> problems) {
        SuiteSpec.ModelOverride override = spec.model();
        ModelSpec model = version.template().model()
                .withOverrides(override.provider(), override.name(), override.parameters());
        if (model.provider() == null || model.name() == null) {
            problems.add("suite " + suite + ", " + side + " (" + version.template().name() + "): the prompt's "
                    + "metadata.model does not name a " + (model.provider() == null ? "provider" : "model")
                    + "; set it in the prompt or as <" + (model.provider() == null ? "provider" : "model")
                    + "> in the suite");
        }
        return model;
    }

    private List<Dataset> datasets(String suite, SuiteSpec spec, List<PromptTemplate> templates,
                                   List<Assertion> suiteAssertions, List<String> problems) {
        if (spec.datasets().isEmpty()) {
            problems.add("suite " + suite + ": no <datasets>; add at least one CSV file");
        }
        var datasets = new ArrayList<Dataset>();
        for (Path configured : spec.datasets()) {
            Path file = settings.projectDir().resolve(configured);
            if (!Files.isRegularFile(file)) {
                problems.add("suite " + suite + ": dataset " + configured + " does not exist (looked for "
                        + file.toAbsolutePath().normalize() + ")");
                continue;
            }
            Dataset dataset = Dataset.open(file, configured.toString(), settings.scorers());
            DatasetValidation validation = dataset.validate(templates, suiteAssertions);
            validation.problems().stream().map(DatasetProblem::toString).forEach(problems::add);
            if (validation.problemCount() > validation.problems().size()) {
                problems.add(dataset.name() + ": ... and " + (validation.problemCount()
                        - validation.problems().size()) + " more problems");
            }
            datasets.add(dataset);
        }
        return datasets;
    }

    private static String datasetHash(List<Dataset> datasets) {
        if (datasets.size() == 1) return datasets.get(0).contentHash();
        var joined = new StringBuilder();
        datasets.forEach(d -> joined.append(d.contentHash()).append('\n'));
        return "sha256:" + CanonicalJson.sha256Hex(joined.toString().getBytes(StandardCharsets.UTF_8));
    }
}
