package dev.prompteval.internal.score.graded;

import dev.prompteval.internal.provider.ProviderOptions;
import dev.prompteval.template.ModelSpec;

import java.util.Map;
import java.util.Objects;

/**
 * Which models grade outputs, configured separately from the model under test. Immutable; start from
 * {@link #DEFAULT} and change what the build configures.
 *
 * @param model            the grader of {@code llm-rubric}: provider name (as for {@code Providers#create}), model
 *                         name and parameters, e.g. {@code openai}, {@code gpt-4o-mini}, {@code temperature: 0}
 * @param options          the grader's base URL and key (null fields fall back to the environment)
 * @param embeddingModel   the embedding model of {@code similar}: provider {@code openai} or
 *                         {@code openai-compatible}, model name, parameters (e.g. {@code dimensions})
 * @param embeddingOptions the embeddings' base URL and key
 * @param maxAttempts      calls per grading at most, the first included, when the provider fails in a retryable way
 *                         (rate limit, server error, timeout, network)
 */
public record GraderConfig(ModelSpec model, ProviderOptions options, ModelSpec embeddingModel,
                           ProviderOptions embeddingOptions, int maxAttempts) {

    /**
     * OpenAI {@code gpt-4o-mini} at temperature 0 (a cheap, deterministic-as-possible judge) and
     * {@code text-embedding-3-small}, keys and base URLs from the environment, 3 attempts.
     */
    public static final GraderConfig DEFAULT = new GraderConfig(
            new ModelSpec("openai", "gpt-4o-mini", Map.of("temperature", 0)), ProviderOptions.DEFAULTS,
            new ModelSpec("openai", "text-embedding-3-small", Map.of()), ProviderOptions.DEFAULTS, 3);

    /** @throws IllegalArgumentException saying which setting is missing or out of range */
    public GraderConfig {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(embeddingOptions, "embeddingOptions");
        requireNamed(model, "grader model");
        requireNamed(embeddingModel, "embedding model");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("grader maxAttempts must be at least 1, was " + maxAttempts);
        }
    }

    private static void requireNamed(ModelSpec spec, String what) {
        if (spec == null || blank(spec.provider()) || blank(spec.name())) {
            throw new IllegalArgumentException(what + " needs a provider and a model name, e.g. openai and "
                    + (what.startsWith("grader") ? "gpt-4o-mini" : "text-embedding-3-small") + "; was " + spec);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    public GraderConfig withModel(ModelSpec model) {
        return new GraderConfig(model, options, embeddingModel, embeddingOptions, maxAttempts);
    }

    public GraderConfig withOptions(ProviderOptions options) {
        return new GraderConfig(model, options, embeddingModel, embeddingOptions, maxAttempts);
    }

    public GraderConfig withEmbeddingModel(ModelSpec embeddingModel) {
        return new GraderConfig(model, options, embeddingModel, embeddingOptions, maxAttempts);
    }

    public GraderConfig withEmbeddingOptions(ProviderOptions embeddingOptions) {
        return new GraderConfig(model, options, embeddingModel, embeddingOptions, maxAttempts);
    }

    public GraderConfig withMaxAttempts(int maxAttempts) {
        return new GraderConfig(model, options, embeddingModel, embeddingOptions, maxAttempts);
    }
}
