package dev.prompteval.provider;

/**
 * Calls a model. Implementations are thread-safe: the runner calls them from many threads at once.
 * They do not retry; the runner owns retries, backoff and rate limits, driven by {@link ProviderException}.
 */
public interface ModelProvider {
    /** @throws ProviderException classified, with the provider's own message and never the API key */
    ModelResponse complete(ModelRequest request) throws ProviderException;
}
