package dev.prompteval.internal.provider;

import dev.prompteval.internal.retry.Failures;
import dev.prompteval.provider.ModelProvider;
import dev.prompteval.provider.ModelRequest;
import dev.prompteval.provider.ModelResponse;
import dev.prompteval.provider.ProviderException.Kind;
import dev.prompteval.provider.ProviderException;
import dev.prompteval.template.ChatMessage;
import dev.prompteval.template.ModelSpec;
import dev.prompteval.template.RenderedPrompt;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Serves calls from the response cache and the recordings, and calls the wrapped provider only when it must.
 * <ul>
 * <li>{@link EvaluationMode#LIVE}: a cache hit is served; otherwise the provider is called and the response cached.</li>
 * <li>{@link EvaluationMode#RECORD}: as LIVE, and every response served is also written to the recordings.</li>
 * <li>{@link EvaluationMode#REPLAY}: only the recordings answer; a miss is {@link Kind#REPLAY_MISS} and nothing is
 *     called.</li>
 * </ul>
 * Identical requests in flight at the same time make one call: the others wait for it and are served as
 * {@link Source#CACHE}. Thread-safe. Errors are never cached.
 */
public final class CachingProvider implements ModelProvider {

    /** Where a response came from. */
    public enum Source {
        /** A call made now (it cost money and time). */
        LIVE,
        /** The local cache, or an identical call in flight. */
        CACHE,
        /** The committed recordings. */
        RECORDING
    }

    /** A response and where it came from; only {@link Source#LIVE} responses cost anything in this run. */
    public record Served(ModelResponse response, Source source) {
        public boolean cached() {
            return source != Source.LIVE;
        }
    }

    private final ModelProvider delegate;
    private final EvaluationMode mode;
    private final ResponseStore cache;
    private final ResponseStore recordings;
    private final Map<Object, CompletableFuture<ModelResponse>> inFlight = new ConcurrentHashMap<>();

    /**
     * @param cache      the local cache, or null when it is turned off
     * @param recordings the suite's recordings; required for RECORD and REPLAY, ignored by LIVE (may be null)
     */
    public CachingProvider(ModelProvider delegate, EvaluationMode mode, ResponseStore cache, ResponseStore recordings) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.mode = Objects.requireNonNull(mode, "mode");
        if (mode != EvaluationMode.LIVE && recordings == null) {
            throw new IllegalArgumentException("mode " + mode.name().toLowerCase(Locale.ROOT)
                    + " needs a recordings file");
        }
        this.cache = mode == EvaluationMode.REPLAY ? null : cache;
        this.recordings = recordings;
    }

    @Override
    public String endpoint() {
        return delegate.endpoint();
    }

    @Override
    public ModelResponse complete(ModelRequest request) throws ProviderException {
        return serve(request).response();
    }

    /**
     * Like {@link #complete} but says where the response came from, so the runner can count cost and latency.
     *
     * @throws ProviderException            the wrapped provider's failure, or REPLAY_MISS
     * @throws java.io.UncheckedIOException when the cache cannot be read or written; the message names the file
     */
    public Served serve(ModelRequest request) throws ProviderException {
        if (mode == EvaluationMode.REPLAY) {
            RequestKey key = RequestKey.of(delegate.endpoint(), request);
            return new Served(recordings.get(key).orElseThrow(() -> replayMiss(key, request)), Source.RECORDING);
        }
        // The content address costs a canonical JSON and a SHA-256 per call: only made when a store needs it.
        RequestKey key = cache == null && mode == EvaluationMode.LIVE ? null : RequestKey.of(delegate.endpoint(), request);
        Optional<ModelResponse> cached = cache == null ? Optional.empty() : cache.get(key);
        if (cached.isPresent()) {
            if (mode == EvaluationMode.RECORD) recordings.put(key, cached.get());
            return new Served(cached.get(), Source.CACHE);
        }
        return callOnce(key, request);
    }

    /**
     * Whether {@link #serve} would call the wrapped provider for this request now: true when neither the cache (or,
     * in REPLAY, the recordings) answers it. Batch mode asks this to submit only what is missing.
     */
    public boolean wouldCall(ModelRequest request) {
        if (mode == EvaluationMode.REPLAY) return false;
        return cache == null || cache.get(RequestKey.of(delegate.endpoint(), request)).isEmpty();
    }

    /** @param key the request's content address, or null when neither a cache nor recordings need it */
    private Served callOnce(RequestKey key, ModelRequest request) throws ProviderException {
        CompletableFuture<ModelResponse> mine = new CompletableFuture<>();
        Object identity = key != null ? key.hash()
                : new Identical(request.prompt(), request.model(), request.sample());
        CompletableFuture<ModelResponse> running = inFlight.putIfAbsent(identity, mine);
        if (running != null) return new Served(await(running), Source.CACHE);
        try {
            ModelResponse response = delegate.complete(request);
            if (cache != null) cache.put(key, response);
            if (mode == EvaluationMode.RECORD) recordings.put(key, response);
            mine.complete(response);
            return new Served(response, Source.LIVE);
        } catch (ProviderException | RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(identity, mine);
        }
    }

    /**
     * What makes two calls through this provider (one endpoint) identical when no content address was made: the same
     * fields the address hashes, compared as values. Stricter than the address (parameters {@code 0} and {@code 0.0}
     * differ here), which at worst makes a second call.
     */
    private record Identical(RenderedPrompt prompt, ModelSpec model, int sample) {
    }

    private static ModelResponse await(CompletableFuture<ModelResponse> running) throws ProviderException {
        try {
            return running.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(Kind.NETWORK, "interrupted while waiting for an identical call in flight");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ProviderException p) {
                // A copy, so each waiting thread owns its exception (stack, suppressed).
                throw Failures.copy(p);
            }
            throw new IllegalStateException("an identical call in flight failed: " + e.getCause(), e.getCause());
        }
    }

    private ProviderException replayMiss(RequestKey key, ModelRequest request) {
        String firstUser = request.prompt().messages().stream().filter(m -> m.role().equals("user"))
                .map(ChatMessage::content).findFirst().orElse("");
        String excerpt = firstUser.length() <= 80 ? firstUser : firstUser.substring(0, 80) + "...";
        return new ProviderException(Kind.REPLAY_MISS, "no recording for this call in " + recordings.location()
                + " (model " + request.model().name() + " via " + delegate.endpoint() + ", sample " + request.sample()
                + ", key " + key.hash() + ", user message \"" + excerpt.replaceAll("\\s+", " ") + "\"). The prompt, "
                + "model, parameters or dataset changed since it was recorded. Record again: run with "
                + "-DpromptEval.mode=record and the provider's API key set (e.g. OPENAI_API_KEY), then commit "
                + "the recordings file.");
    }
}
