package dev.prompteval.provider;

import dev.prompteval.template.RenderedPrompt;

/**
 * The team's own code under test, evaluated like a model: select it in a suite or template with the provider
 * {@code java:com.acme.MyTarget}. The class needs a public no-argument constructor and must be thread-safe (one
 * instance serves every row, from many threads).
 * <p>
 * Throw {@link ProviderException} to choose how a failure is classified (e.g. {@code RATE_LIMIT} to be retried);
 * an {@link java.io.IOException} counts as a network error and is retried, any other exception is an error result
 * for that row without retries. A class that needs token usage or a finish reason can implement
 * {@link ModelProvider} instead and is used as it is.
 */
@FunctionalInterface
public interface CustomTarget {
    /** @return the output to score for this rendered prompt */
    String respond(RenderedPrompt prompt) throws Exception;
}
