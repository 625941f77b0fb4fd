package dev.prompteval.internal.registry;

import dev.prompteval.internal.template.PromptTemplate;

import java.util.List;
import java.util.Objects;

/**
 * A prompt version as fetched from a registry.
 *
 * @param name     the prompt's registry name
 * @param version  the version number, or null for a working-tree file ({@code file:...}) that is not a version yet
 * @param template the blueprint
 * @param labels   the release labels that point at this version, sorted; empty for a working-tree file
 */
public record RegistryPrompt(String name, Integer version, PromptTemplate template, List<String> labels) {
    public RegistryPrompt {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(template, "template");
        labels = List.copyOf(labels).stream().sorted().toList();
    }
}
