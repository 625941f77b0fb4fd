package dev.prompteval.internal.registry;

import dev.prompteval.internal.template.PromptTemplate;

import java.util.Collection;
import java.util.List;
import java.util.SortedMap;

/**
 * A prompt registry: versioned prompt templates, release labels pointing at versions, and eval results stored
 * against the version they evaluated. Every method throws {@link RegistryException} with a clear message.
 */
public interface PromptRegistry {

    /**
     * Fetches a prompt version. A {@link PromptReference.File} reference reads the working-tree file instead.
     *
     * @throws RegistryException {@code NOT_FOUND} when the prompt, version, label or file does not exist
     */
    RegistryPrompt get(String name, PromptReference reference);

    /**
     * Fetches a prompt version as it is stored, for writing into the working tree: references to shared parts
     * (PromptLayer's snippets) stay references instead of being expanded. Registries without such parts return
     * what {@link #get} returns.
     */
    default RegistryPrompt getSource(String name, PromptReference reference) {
        return get(name, reference);
    }

    /** The prompt's version numbers, ascending; empty when the prompt has none. */
    List<Integer> listVersions(String name);

    /** The prompt's release labels and the version each points at, sorted by label. */
    SortedMap<String, Integer> listLabels(String name);

    /**
     * Publishes a new version. When {@code template} has the same content hash as the latest version, nothing new is
     * created: the latest version's number is returned (and the labels are moved to it).
     *
     * @param commitMessage         what changed, or null
     * @param labels                release labels to create or move to the published version
     * @param expectedLatestVersion the latest version the caller evaluated against ({@code 0}: the prompt must not
     *                              exist yet), or null to skip the check
     * @return the version number the content now has
     * @throws RegistryException {@code CONFLICT} when the latest version is not {@code expectedLatestVersion}
     */
    int publish(String name, PromptTemplate template, String commitMessage, Collection<String> labels,
                Integer expectedLatestVersion);

    /**
     * Points a release label at a version, creating the label when it does not exist, and reads back where it
     * points.
     *
     * @return {@link LabelMove#PENDING_APPROVAL} when the registry holds the change for approval
     * @throws RegistryException {@code NOT_FOUND} when the version does not exist
     */
    LabelMove moveLabel(String name, String label, int version);

    /**
     * Stores an eval run's results against the version it evaluated.
     *
     * @throws RegistryException when the results could not all be stored; the message says how many were
     */
    void pushResults(String name, int version, EvalRunRecord run);

    /**
     * The newest eval run stored against a version by a suite of this name, for planning the next run against it.
     * Registries that cannot search their results return empty.
     *
     * @param version the version as fetched; its content hash identifies what the stored run evaluated
     * @throws RegistryException when the registry could not be read
     */
    default java.util.Optional<StoredResults> latestResults(RegistryPrompt version, String suite) {
        return java.util.Optional.empty();
    }
}
