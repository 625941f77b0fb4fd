package dev.prompteval.score;

import dev.prompteval.dataset.Assertion;
import dev.prompteval.dataset.Row;

/**
 * Judges one model output against one assertion. This is the public SPI for custom scorers: implement it,
 * give the class a public no-argument constructor, and name it in a cell as {@code java:com.acme.MyScorer:value},
 * or register a {@link NamedScorer} through {@link java.util.ServiceLoader}.
 *
 * <p>Implementations ignore {@link Assertion#negated()}: negation is applied by the caller, so that every
 * scorer is negatable in the same way.
 */
@FunctionalInterface
public interface Scorer {
    /**
     * @param output    the model's output (never null; empty when the model said nothing)
     * @param assertion the assertion, with its value and optional threshold
     * @param row       the dataset row, for scorers that need its variables
     */
    Score score(String output, Assertion assertion, Row row);

    /**
     * Checks the assertion's value and threshold before there is any output, so that a malformed assertion is
     * reported before a model is called. Throws {@link IllegalArgumentException} saying what is wrong and how to
     * write it. The default accepts every assertion.
     */
    default void validate(Assertion assertion) {
    }
}
