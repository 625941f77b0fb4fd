package dev.prompteval.internal.run;

import dev.prompteval.internal.provider.CachingProvider;
import dev.prompteval.provider.ModelProvider;
import dev.prompteval.provider.ModelRequest;
import dev.prompteval.provider.ProviderException;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One call to the provider, bounded by the runner's attempt timeout when one is set. Without a timeout the call
 * runs on the worker's own thread, adding nothing; with one it runs on a helper thread the worker waits for.
 */
final class ModelCall {
    private final ModelProvider provider;
    private final Duration timeout;
    private final ExecutorService helpers;

    /** @param helpers where timed calls run; unused (may be null) when {@code timeout} is null */
    ModelCall(ModelProvider provider, Duration timeout, ExecutorService helpers) {
        this.provider = provider;
        this.timeout = timeout;
        this.helpers = helpers;
    }

    /** The answer and whether it came from a cache or recording (which cost nothing and took no model time). */
    CachingProvider.Served complete(ModelRequest request) throws ProviderException, InterruptedException {
        if (timeout == null) return serve(request);
        Future<CachingProvider.Served> call = helpers.submit(() -> serve(request));
        try {
            return call.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new ProviderException(ProviderException.Kind.TIMEOUT, "no answer within " + timeout.toMillis()
                    + " ms (the runner's attempt timeout)", 0, null, null);
        } catch (InterruptedException e) {
            call.cancel(true);
            throw e;
        } catch (CancellationException e) {
            throw new InterruptedException("call cancelled");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ProviderException p) throw p;
            if (cause instanceof RuntimeException r) throw r;
            if (cause instanceof Error error) throw error;
            throw new IllegalStateException(cause);
        }
    }

    private CachingProvider.Served serve(ModelRequest request) throws ProviderException {
        if (provider instanceof CachingProvider caching) return caching.serve(request);
        return new CachingProvider.Served(provider.complete(request), CachingProvider.Source.LIVE);
    }
}
