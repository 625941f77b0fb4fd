package dev.prompteval.internal.suite;

import dev.prompteval.internal.PromptEvalException;
import dev.prompteval.internal.provider.ProviderOptions;
import dev.prompteval.internal.provider.Providers;
import dev.prompteval.internal.registry.PromptRegistry;
import dev.prompteval.internal.registry.file.FileRegistry;
import dev.prompteval.internal.registry.promptlayer.PromptLayerRegistry;
import dev.prompteval.internal.run.RunOptions;
import dev.prompteval.internal.score.graded.GraderConfig;
import dev.prompteval.internal.score.graded.GraderUsage;
import dev.prompteval.template.ModelSpec;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The runtime of one build, assembled once from {@link PromptEvalSettings}: model clients, graders (so every
 * assertion type, model-graded ones included, is available), the registry, cache, recordings, the git commit and the
 * output folder. The Maven plugin and the JUnit extension both open one and evaluate through it, so a suite behaves
 * the same in either.
 */
public final class EvaluationSession implements AutoCloseable {
    private final PromptEvalSettings settings;
    private final Providers providers;
    private final GraderSession graders;
    private final EvaluationSettings runtime;

    private EvaluationSession(PromptEvalSettings settings, Providers providers, GraderSession graders,
                              EvaluationSettings runtime) {
        this.settings = settings;
        this.providers = providers;
        this.graders = graders;
        this.runtime = runtime;
    }

    /**
     * @param projectLoader the project's (test) classes: custom scorers, targets and providers live there
     * @param environment   looks up environment variables (keys, CI commit), null when unset
     * @throws SuiteConfigurationException when the registry cannot be opened as configured
     */
    public static EvaluationSession open(PromptEvalSettings settings, ClassLoader projectLoader,
                                         Function<String, String> environment) {
        Objects.requireNonNull(settings, "settings");
        PromptRegistry registry;
        try {
            registry = openRegistry(settings, environment);
        } catch (PromptEvalException e) {
            throw new SuiteConfigurationException(java.util.List.of(PromptEvalSettings.Property.REGISTRY.key()
                    + " " + settings.registry() + ": " + e.getMessage()));
        }
        Providers providers = Providers.builder().classLoader(projectLoader).env(environment)
                .maxConcurrency(settings.concurrency()).build();
        try {
            GraderSession graders = GraderSession.open(graderConfig(settings.grader()), providers, settings.mode(),
                    settings.cacheDir(), settings.recordingsDir());
            RunOptions options = RunOptions.defaults().withConcurrency(settings.concurrency());
            options = options.withRetry(options.retry().withOverloadBudget(
                    java.time.Duration.ofSeconds(settings.retryBudgetSeconds())));
            if (settings.maxCost() != null) options = options.withBudgetUsd(settings.maxCost());
            var runtime = new EvaluationSettings(settings.projectDir(), settings.outputDir(), registry,
                    settings.mode(), settings.recordingsDir(), settings.cacheDir(), options, providers,
                    graders.scorers(projectLoader), GitCommit.fromEnvironment(environment), settings.batch());
            return new EvaluationSession(settings, providers, graders, runtime);
        } catch (UncheckedIOException e) {
            providers.close();
            throw new PromptEvalException("the grader recordings or cache cannot be used: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            providers.close();
            throw e;
        }
    }

    /**
     * The registry the settings name: the file registry's folder, or PromptLayer (its key from the environment).
     *
     * @throws dev.prompteval.internal.registry.RegistryException when PromptLayer's key or base URL cannot be used
     */
    public static PromptRegistry openRegistry(PromptEvalSettings settings, Function<String, String> environment) {
        if (settings.registry().equals("promptlayer")) {
            PromptLayerRegistry.Builder builder = PromptLayerRegistry.builder().environment(environment);
            if (settings.promptLayerBaseUrl() != null) builder.baseUrl(settings.promptLayerBaseUrl());
            return builder.build();
        }
        return new FileRegistry(settings.registryDir());
    }

    private static GraderConfig graderConfig(PromptEvalSettings.Grader grader) {
        ProviderOptions options = new ProviderOptions(grader.baseUrl(), null);
        return GraderConfig.DEFAULT
                .withModel(new ModelSpec(grader.provider(), grader.model(), GraderConfig.DEFAULT.model().parameters()))
                .withOptions(options)
                .withEmbeddingModel(new ModelSpec(grader.embedder(), grader.embeddingModel(), Map.of()))
                .withEmbeddingOptions(grader.embedder().equalsIgnoreCase(grader.provider()) ? options
                        : ProviderOptions.DEFAULTS);
    }

    public PromptEvalSettings settings() {
        return settings;
    }

    /** What suites are prepared and run with: registry, mode, cache, recordings, runner limits, scorers. */
    public EvaluationSettings runtime() {
        return runtime;
    }

    public SuiteEvaluator evaluator() {
        return new SuiteEvaluator(runtime);
    }

    /** A build's evaluation of POM-style suites, with its own run id. */
    public Evaluation evaluation(Clock clock) {
        return new Evaluation(runtime, clock);
    }

    /** Calls, tokens and cost of the graders so far (live calls only). */
    public GraderUsage graderUsage() {
        return graders.usage();
    }

    /** Writes the grader recordings when recording, and releases the model clients. */
    @Override
    public void close() {
        try {
            graders.close();
        } catch (UncheckedIOException e) {
            throw new PromptEvalException("the grader recordings could not be written: " + e.getMessage(), e);
        } finally {
            providers.close();
        }
    }
}
