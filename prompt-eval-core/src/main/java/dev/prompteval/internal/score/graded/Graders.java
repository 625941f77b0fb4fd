package dev.prompteval.internal.score.graded;

import dev.prompteval.internal.provider.CachingProvider;
import dev.prompteval.internal.provider.EmbeddingProvider;
import dev.prompteval.internal.provider.Embeddings;
import dev.prompteval.internal.provider.Providers;
import dev.prompteval.provider.ModelProvider;
import dev.prompteval.provider.ModelRequest;
import dev.prompteval.provider.ModelResponse;
import dev.prompteval.provider.ProviderException;
import dev.prompteval.provider.Usage;
import dev.prompteval.template.ChatMessage;
import dev.prompteval.template.ModelSpec;
import dev.prompteval.template.RenderedPrompt;

import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The grader model and the embedding model that the model-graded scorers call, with retries and a usage count.
 * Create it from a {@link GraderConfig}; to cache grader calls and record/replay them with the suite, wrap the
 * providers before registering the scorers:
 *
 * <pre>{@code
 * Graders graders = Graders.from(config, providers).wrap(
 *         judge -> new CachingProvider(judge, mode, cache, recordings),
 *         embeddings -> new CachingEmbeddingProvider(embeddings, mode, cache, recordings));
 * Scorers scorers = ModelGradedScorers.register(Scorers.builder(), graders).build();
 * // after the run: graders.usage()
 * }</pre>
 * Thread-safe.
 */
public final class Graders {

    private final ModelProvider judge;
    private final ModelSpec model;
    private final EmbeddingProvider embeddings;
    private final ModelSpec embeddingModel;
    private final GraderRetry retry;
    private final GraderUsage usage;

    private Graders(ModelProvider judge, ModelSpec model, EmbeddingProvider embeddings, ModelSpec embeddingModel,
                    GraderRetry retry, GraderUsage usage) {
        this.judge = Objects.requireNonNull(judge, "judge");
        this.model = Objects.requireNonNull(model, "model");
        this.embeddings = Objects.requireNonNull(embeddings, "embeddings");
        this.embeddingModel = Objects.requireNonNull(embeddingModel, "embeddingModel");
        this.retry = retry;
        this.usage = usage;
    }

    /**
     * Creates the providers the configuration names. Nothing is called yet: a missing key shows up as an error on
     * the first graded row. An embedding provider that cannot be made (Anthropic has no embeddings API) fails only
     * the {@code similar} assertions that need it, so a build with an Anthropic or Google grader and no
     * {@code similar} assertion runs.
     *
     * @throws IllegalArgumentException for an unknown grader provider or a bad base URL, saying what to change
     */
    public static Graders from(GraderConfig config, Providers providers) {
        return new Graders(providers.create(config.model().provider(), config.options()), config.model(),
                embeddings(config, providers), config.embeddingModel(), GraderRetry.of(config.maxAttempts()),
                new GraderUsage());
    }

    private static EmbeddingProvider embeddings(GraderConfig config, Providers providers) {
        try {
            return providers.embeddings(config.embeddingModel().provider(), config.embeddingOptions());
        } catch (IllegalArgumentException e) {
            String why = "the similar assertion needs embeddings, but " + e.getMessage();
            return new EmbeddingProvider() {
                @Override
                public Embeddings embed(ModelSpec model, List<String> inputs) throws ProviderException {
                    throw new ProviderException(ProviderException.Kind.BAD_REQUEST, why);
                }

                @Override
                public String endpoint() {
                    return "unavailable-embeddings " + config.embeddingModel().provider();
                }
            };
        }
    }

    /** Graders on providers made elsewhere (e.g. a {@code java:} target that judges). */
    public static Graders of(ModelProvider judge, ModelSpec model, EmbeddingProvider embeddings,
                             ModelSpec embeddingModel, int maxAttempts) {
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        return new Graders(judge, model, embeddings, embeddingModel, GraderRetry.of(maxAttempts), new GraderUsage());
    }

    /**
     * The same graders with each provider wrapped, e.g. in a {@link CachingProvider} and a
     * {@link dev.prompteval.internal.provider.CachingEmbeddingProvider}. Retries happen outside the wrappers; the usage
     * count is shared.
     */
    public Graders wrap(UnaryOperator<ModelProvider> judgeWrapper, UnaryOperator<EmbeddingProvider> embeddingWrapper) {
        return new Graders(judgeWrapper.apply(judge), model, embeddingWrapper.apply(embeddings), embeddingModel, retry,
                usage);
    }

    /** The same graders with another retry (tests: a sleeper that does not sleep). */
    Graders withRetry(GraderRetry otherRetry) {
        return new Graders(judge, model, embeddings, embeddingModel, otherRetry, usage);
    }

    /** What grading has cost so far. */
    public GraderUsage usage() {
        return usage;
    }

    /** The grader model of {@code llm-rubric}. */
    public ModelSpec model() {
        return model;
    }

    /** The embedding model of {@code similar}. */
    public ModelSpec embeddingModel() {
        return embeddingModel;
    }

    /** Asks the grader model, retrying retryable failures; throws {@link GraderException} when it cannot. */
    ModelResponse judge(List<ChatMessage> messages) {
        ModelRequest request = new ModelRequest(new RenderedPrompt(messages, model, false), model, 0);
        return retry.call("llm-rubric grader " + model.name(), () -> {
            // A CachingProvider says whether the answer was paid for now; cached answers cost nothing this run.
            if (judge instanceof CachingProvider caching) {
                CachingProvider.Served served = caching.serve(request);
                usage.add(served.cached() ? Usage.UNKNOWN : served.response().usage());
                return served.response();
            }
            ModelResponse response = judge.complete(request);
            usage.add(response.usage());
            return response;
        });
    }

    /** Embeds the texts, one vector each in order; throws {@link GraderException} when it cannot. */
    List<double[]> embed(List<String> texts) {
        String what = "embedding model " + embeddingModel.name();
        Embeddings answer = retry.call(what, () -> embeddings.embed(embeddingModel, texts));
        usage.add(answer.usage());
        if (answer.vectors().size() != texts.size()) {
            throw new GraderException(what + " returned " + answer.vectors().size() + " vectors for " + texts.size()
                    + " texts", null);
        }
        return answer.vectors();
    }
}
