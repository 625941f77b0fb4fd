package dev.prompteval.internal.score.graded;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Embeds an output together with its reference in one request, and remembers the vectors of the most recently used
 * references, so that the samples and rows that share a reference embed it once. Bounded (a vector of
 * text-embedding-3-small is 12 KB), thread-safe.
 */
final class ReferenceEmbeddings {

    static final int CAPACITY = 1024;

    /** The two vectors to compare. */
    record Pair(double[] output, double[] reference) {
    }

    private final Graders graders;
    private final Map<String, double[]> references = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
                    return size() > CAPACITY;
                }
            });

    ReferenceEmbeddings(Graders graders) {
        this.graders = graders;
    }

    Pair embed(String output, String reference) {
        double[] known = references.get(reference);
        if (output.equals(reference)) {
            double[] vector = known != null ? known : remember(reference, graders.embed(List.of(reference)).get(0));
            return new Pair(vector, vector);
        }
        if (known != null) {
            return new Pair(graders.embed(List.of(output)).get(0), known);
        }
        List<double[]> both = graders.embed(List.of(output, reference));
        return new Pair(both.get(0), remember(reference, both.get(1)));
    }

    private double[] remember(String reference, double[] vector) {
        references.put(reference, vector);
        return vector;
    }
}
