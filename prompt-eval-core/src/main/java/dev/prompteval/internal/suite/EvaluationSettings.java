package dev.prompteval.internal.suite;

import dev.prompteval.internal.batch.BatchSettings;
import dev.prompteval.internal.provider.EvaluationMode;
import dev.prompteval.internal.provider.Providers;
import dev.prompteval.internal.registry.PromptRegistry;
import dev.prompteval.internal.run.RunOptions;
import dev.prompteval.internal.score.Scorers;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What every suite of one build shares: where the project and its outputs are, the registry, how model calls are
 * served, and the runner's limits.
 *
 * @param projectDir    relative dataset and file references resolve against it
 * @param outputDir     reports and run journals go here ({@code target/prompt-eval})
 * @param registry      where registry references are fetched and results pushed
 * @param mode          live, record or replay
 * @param recordingsDir committed recordings ({@code <suite>.jsonl} per suite)
 * @param cacheDir      the local response cache, or null to call (or replay) without one
 * @param runOptions    concurrency, retries, budget, rate limits
 * @param providers     model clients; owned by the caller, who closes it
 * @param scorers       the assertion types available to datasets and suites
 * @param gitCommit     the commit being evaluated, or null when unknown
 * @param batch         batch mode: whether suites submit their calls through the providers' batch APIs, and waits
 */
public record EvaluationSettings(Path projectDir, Path outputDir, PromptRegistry registry, EvaluationMode mode,
                                 Path recordingsDir, Path cacheDir, RunOptions runOptions, Providers providers,
                                 Scorers scorers, String gitCommit, BatchSettings batch) {

    /** Settings without batch mode. */
    public EvaluationSettings(Path projectDir, Path outputDir, PromptRegistry registry, EvaluationMode mode,
                              Path recordingsDir, Path cacheDir, RunOptions runOptions, Providers providers,
                              Scorers scorers, String gitCommit) {
        this(projectDir, outputDir, registry, mode, recordingsDir, cacheDir, runOptions, providers, scorers,
                gitCommit, BatchSettings.OFF);
    }

    public EvaluationSettings {
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(projectDir, "projectDir");
        Objects.requireNonNull(outputDir, "outputDir");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(recordingsDir, "recordingsDir");
        Objects.requireNonNull(runOptions, "runOptions");
        Objects.requireNonNull(providers, "providers");
        Objects.requireNonNull(scorers, "scorers");
    }
}
