package dev.prompteval.internal.provider;

import dev.prompteval.provider.ModelResponse;

import java.util.Optional;

/** Model responses by {@link RequestKey}. Implementations are thread-safe. */
public interface ResponseStore {
    Optional<ModelResponse> get(RequestKey key);

    void put(RequestKey key, ModelResponse response);

    /** Where the entries live, for messages (a directory or a file). */
    String location();
}
