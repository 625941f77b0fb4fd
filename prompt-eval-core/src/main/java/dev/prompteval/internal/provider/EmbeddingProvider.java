package dev.prompteval.internal.provider;

import dev.prompteval.provider.ModelProvider;
import dev.prompteval.provider.ProviderException;
import dev.prompteval.template.ModelSpec;

import java.util.List;

/**
 * Turns texts into embedding vectors. Implementations are thread-safe and do not retry; failures are classified as
 * for {@link ModelProvider}. Create one with {@link Providers#embeddings}; wrap it in a
 * {@link CachingEmbeddingProvider} to cache and record/replay it.
 */
public interface EmbeddingProvider {

    /**
     * @param model  the embedding model (its name and parameters, e.g. {@code dimensions}; the provider field is
     *               not used)
     * @param inputs non-empty texts, each non-empty (the OpenAI API rejects an empty string)
     * @return one vector per input, in input order
     * @throws ProviderException classified, with the provider's own message and never the API key
     */
    Embeddings embed(ModelSpec model, List<String> inputs) throws ProviderException;

    /** Where calls go, e.g. {@code openai-embeddings https://api.openai.com/v1}; part of the cache key. */
    default String endpoint() {
        return getClass().getName();
    }
}
