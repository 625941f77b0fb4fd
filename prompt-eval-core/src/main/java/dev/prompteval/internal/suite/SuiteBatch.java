package dev.prompteval.internal.suite;

import dev.prompteval.dataset.Row;
import dev.prompteval.internal.batch.BatchLedger;
import dev.prompteval.internal.batch.BatchRun;
import dev.prompteval.internal.provider.BatchApi;
import dev.prompteval.internal.provider.CachingProvider;
import dev.prompteval.internal.provider.EvaluationMode;
import dev.prompteval.internal.provider.ProviderOptions;
import dev.prompteval.internal.provider.ResponseCache;
import dev.prompteval.internal.registry.RegistryPrompt;
import dev.prompteval.internal.run.RunJournal;
import dev.prompteval.internal.run.RunSpec;
import dev.prompteval.internal.template.TemplateException;
import dev.prompteval.provider.ModelRequest;
import dev.prompteval.template.ModelSpec;
import dev.prompteval.template.RenderedPrompt;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * A suite's runs in batch mode: the (row, sample) calls both versions would make and nothing answers yet (the
 * response cache, the run journal) are asked of a {@link BatchRun}, rendered exactly as the runner renders them, so
 * the collected answers are the ones the runner then asks for.
 */
final class SuiteBatch {
    private final EvaluationSettings settings;

    SuiteBatch(EvaluationSettings settings) {
        this.settings = settings;
    }

    /** Whether this suite's calls go through batches: on for it or the build, and answers are not replayed. */
    static boolean applies(EvaluationSettings settings, SuiteSpec spec) {
        return settings.mode() != EvaluationMode.REPLAY && settings.batch().appliesTo(spec.batch());
    }

    static Path ledgerFile(EvaluationSettings settings, String suite) {
        return RunJournal.suiteDirectory(settings.outputDir(), suite).resolve(BatchLedger.FILE_NAME);
    }

    /** A suite's planned batches and the batch API of each version. */
    record Plan(BatchRun run, BatchLedger ledger, BatchApi candidate, BatchApi baseline) {
    }

    /**
     * @param specs the run spec of a version at this repeat, for its journal
     */
    Plan plan(PreparedSuite suite, int repeat, SuiteProgress progress,
              BiFunction<RegistryPrompt, Boolean, RunSpec> specs) {
        BatchLedger ledger = BatchLedger.open(ledgerFile(settings, suite.name()));
        var run = new BatchRun(suite.name(), settings.batch(), ledger, settings.runOptions().clock(),
                settings.runOptions().retry(), progress::onBatch);
        BatchApi candidate = ask(run, 'c', suite, suite.candidateModel(), specs.apply(suite.candidate(), true),
                repeat);
        BatchApi baseline = suite.baseline() == null ? null
                : ask(run, 'b', suite, suite.baselineModel(), specs.apply(suite.baseline(), false), repeat);
        return new Plan(run, ledger, candidate, baseline);
    }

    private BatchApi ask(BatchRun run, char version, PreparedSuite suite, ModelSpec model, RunSpec spec,
                         int repeat) {
        ProviderOptions options = suite.spec().providerOptions();
        BatchApi api = settings.providers().batch(model.provider(), options);
        ResponseCache cache = settings.cacheDir() == null ? null : new ResponseCache(settings.cacheDir());
        // Mode live: asks only what the cache lacks, as live and record runs do.
        var served = new CachingProvider(settings.providers().create(model.provider(), options),
                EvaluationMode.LIVE, cache, null);
        Path journalFile = RunJournal.fileFor(settings.outputDir(), spec);
        try (RunJournal journal = RunJournal.open(journalFile, spec)) {
            Set<String> ids = new HashSet<>();
            for (Row row : suite.rows()) {
                // A repeated id or a row that does not render is the runner's error result, never a call.
                if (!ids.add(row.id())) continue;
                RenderedPrompt prompt;
                try {
                    prompt = spec.template().render(row.variables());
                } catch (TemplateException e) {
                    continue;
                }
                for (int sample = 0; sample < repeat; sample++) {
                    if (journal.completed(row.id(), sample) != null) continue;
                    var request = new ModelRequest(prompt, model, sample, row);
                    if (served.wouldCall(request)) run.ask(api, version, row.id(), request);
                }
            }
        }
        return api;
    }
}
