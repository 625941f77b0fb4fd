package dev.prompteval.template;

import java.util.Map;
import java.util.Objects;

/**
 * The model a prompt version is meant for: the blueprint's {@code metadata.model}.
 *
 * @param provider   provider key as the registry names it ({@code openai}, {@code anthropic}, {@code google}, ...)
 * @param name       model name, e.g. {@code gpt-4o-mini}
 * @param parameters sampling parameters passed through to the provider (temperature, max_tokens, ...)
 */
public record ModelSpec(String provider, String name, Map<String, Object> parameters) {
    public ModelSpec {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }

    /** A copy with the given non-null overrides applied; parameters are merged, overrides winning. */
    public ModelSpec withOverrides(String provider, String name, Map<String, Object> parameters) {
        var merged = new java.util.LinkedHashMap<>(this.parameters);
        if (parameters != null) merged.putAll(parameters);
        return new ModelSpec(Objects.requireNonNullElse(provider, this.provider),
                Objects.requireNonNullElse(name, this.name), merged);
    }
}
