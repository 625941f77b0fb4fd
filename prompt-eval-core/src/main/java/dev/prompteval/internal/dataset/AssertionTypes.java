package dev.prompteval.internal.dataset;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The assertion types a run can score. The dataset reader needs them to tell an assertion cell
 * ({@code contains:Paris}) from plain expected text, and to report an unknown type before any model is called.
 * The scorer registry provides the real instance; {@link #of(Collection)} makes a fixed one.
 */
public interface AssertionTypes {

    /**
     * Whether a scorer exists for {@code type}: a name without {@code not-}, e.g. {@code contains}, or a custom
     * scorer written as {@code java:com.acme.ToneScorer}.
     */
    boolean isKnown(String type);

    /** The type names that error messages list as valid, in the order to show them. */
    List<String> names();

    /** Exactly the given names; {@code java:} types are unknown. */
    static AssertionTypes of(Collection<String> names) {
        Set<String> known = Set.copyOf(names);
        return of(names, known::contains);
    }

    /**
     * Types for which {@code known} says yes; {@code listed} only feeds error messages (a predicate can also
     * accept open-ended types such as {@code java:} classes that cannot be listed).
     */
    static AssertionTypes of(Collection<String> listed, Predicate<String> known) {
        List<String> names = List.copyOf(listed);
        return new AssertionTypes() {
            @Override
            public boolean isKnown(String type) {
                return known.test(type);
            }

            @Override
            public List<String> names() {
                return names;
            }
        };
    }
}
