package dev.prompteval.score;

/**
 * A scorer with an assertion type name, discoverable through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.prompteval.score.NamedScorer}). A ServiceLoader scorer may not reuse a built-in name.
 */
public interface NamedScorer extends Scorer {
    /** The assertion type this scorer handles, e.g. {@code sentiment}. Lower case, letters, digits and dashes. */
    String type();
}
