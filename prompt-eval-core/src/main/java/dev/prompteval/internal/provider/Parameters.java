package dev.prompteval.internal.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prompteval.provider.ProviderException;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Copies a template's sampling parameters into a request body, in a stable order. */
final class Parameters {
    private Parameters() {
    }

    /** {@code stream: true} is refused (prompt-eval reads whole responses); {@code false} is simply not sent. */
    static void refuseStreaming(Object value, String provider) throws ProviderException {
        if (Boolean.TRUE.equals(value)) {
            throw new ProviderException(ProviderException.Kind.BAD_REQUEST, "parameter stream=true is not "
                    + "supported for " + provider + ": prompt-eval reads whole responses; remove it");
        }
    }

    /**
     * Puts every parameter except {@code reserved} into {@code target}, keys sorted (ModelSpec maps have no stable
     * order). {@code stream: true} is refused: prompt-eval reads whole responses.
     */
    static void copy(Map<String, Object> parameters, Set<String> reserved, ObjectNode target, String provider)
            throws ProviderException {
        for (Map.Entry<String, Object> p : new TreeMap<>(parameters).entrySet()) {
            if (p.getKey().equals("stream")) {
                refuseStreaming(p.getValue(), provider);
                continue;
            }
            if (!reserved.contains(p.getKey())) target.set(p.getKey(), Json.tree(p.getValue()));
        }
    }
}
