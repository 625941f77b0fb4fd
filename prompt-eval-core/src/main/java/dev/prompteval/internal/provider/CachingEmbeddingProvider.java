package dev.prompteval.internal.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.prompteval.provider.ModelProvider;
import dev.prompteval.provider.ModelRequest;
import dev.prompteval.provider.ModelResponse;
import dev.prompteval.provider.ProviderException.Kind;
import dev.prompteval.provider.ProviderException;
import dev.prompteval.provider.Usage;
import dev.prompteval.template.ChatMessage;
import dev.prompteval.template.ModelSpec;
import dev.prompteval.template.RenderedPrompt;

import java.util.ArrayList;
import java.util.List;

/**
 * Serves embeddings from the response cache and the recordings like {@link CachingProvider} serves model calls,
 * with the same modes, so that suites scored by embedding similarity replay offline. Each text is its own entry:
 * the request is the embedding model with the text as its one {@code user} message (reviewable in a recordings
 * file), the response text is the vector as a JSON array. Texts are therefore embedded one per call. Thread-safe.
 */
public final class CachingEmbeddingProvider implements EmbeddingProvider {

    private final CachingProvider texts;

    /** Arguments as for {@link CachingProvider#CachingProvider}; entries share the stores with model calls. */
    public CachingEmbeddingProvider(EmbeddingProvider delegate, EvaluationMode mode, ResponseStore cache,
                                    ResponseStore recordings) {
        this.texts = new CachingProvider(new OneText(delegate), mode, cache, recordings);
    }

    @Override
    public String endpoint() {
        return texts.endpoint();
    }

    @Override
    public Embeddings embed(ModelSpec model, List<String> inputs) throws ProviderException {
        List<double[]> vectors = new ArrayList<>(inputs.size());
        Usage usage = Usage.UNKNOWN;
        for (String input : inputs) {
            CachingProvider.Served served = texts.serve(request(model, input));
            vectors.add(read(served.response().text()));
            if (!served.cached()) usage = usage.plus(served.response().usage());
        }
        return new Embeddings(vectors, usage);
    }

    private static ModelRequest request(ModelSpec model, String text) {
        return new ModelRequest(new RenderedPrompt(List.of(new ChatMessage("user", text)), model, false), model, 0);
    }

    private static double[] read(String stored) throws ProviderException {
        JsonNode array;
        try {
            array = Json.MAPPER.readTree(stored);
        } catch (JsonProcessingException e) {
            throw unreadable(stored);
        }
        if (array == null || !array.isArray() || array.isEmpty()) throw unreadable(stored);
        double[] vector = new double[array.size()];
        for (int i = 0; i < vector.length; i++) {
            if (!array.get(i).isNumber()) throw unreadable(stored);
            vector[i] = array.get(i).asDouble();
        }
        return vector;
    }

    private static ProviderException unreadable(String stored) {
        String start = stored.length() <= 60 ? stored : stored.substring(0, 60) + "...";
        return new ProviderException(Kind.MALFORMED_RESPONSE, "a stored embedding is not a JSON array of numbers: \""
                + start + "\"; delete the entry (or the cache) and record it again");
    }

    /** One text per call, the vector written as the response text. */
    private record OneText(EmbeddingProvider delegate) implements ModelProvider {
        @Override
        public String endpoint() {
            return delegate.endpoint();
        }

        @Override
        public ModelResponse complete(ModelRequest request) throws ProviderException {
            String text = request.prompt().messages().get(0).content();
            Embeddings embeddings = delegate.embed(request.model(), List.of(text));
            ArrayNode vector = Json.MAPPER.createArrayNode();
            for (double x : embeddings.vectors().get(0)) vector.add(x);
            return new ModelResponse(Json.write(vector), null, embeddings.usage());
        }
    }
}
