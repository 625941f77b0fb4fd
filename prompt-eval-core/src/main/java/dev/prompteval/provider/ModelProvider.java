package dev.prompteval.provider;

/**
 * Calls a model. Implementations are thread-safe: the runner calls them from many threads at once.
 * They do not retry; the runner owns retries, backoff and rate limits, driven by {@link ProviderException}.
 */
public interface ModelProvider {
    /** @throws ProviderException classified, with the provider's own message and never the API key */
    ModelResponse complete(ModelRequest request) throws ProviderException;

    /**
     * Where calls go, e.g. {@code openai-chat https://api.openai.com/v1}: part of the cache key, so that the same
     * request to another server is another entry. Never contains a key. The default (the class name) is stable for
     * named classes; a lambda should not be cached across JVM runs.
     */
    default String endpoint() {
        return getClass().getName();
    }
}
