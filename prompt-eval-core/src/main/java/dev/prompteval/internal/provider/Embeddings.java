package dev.prompteval.internal.provider;

import dev.prompteval.provider.Usage;

import java.util.List;

/**
 * The answer of an {@link EmbeddingProvider}.
 *
 * @param vectors one vector per input, in input order; callers must not modify the arrays
 * @param usage   tokens and cost of the calls made now (nothing for vectors served from a cache or recordings)
 */
public record Embeddings(List<double[]> vectors, Usage usage) {
    public Embeddings {
        vectors = List.copyOf(vectors);
        usage = usage == null ? Usage.UNKNOWN : usage;
    }
}
