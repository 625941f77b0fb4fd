package dev.prompteval.internal.score;

import dev.prompteval.dataset.Assertion;
import dev.prompteval.dataset.Row;
import dev.prompteval.score.Score;
import dev.prompteval.score.Scorer;

/**
 * Base of the built-in scorers: the assertion's value (and threshold) is parsed into an expectation first, so
 * that {@link #validate} can reject a malformed assertion before any output exists, with the same parser that
 * scoring uses.
 *
 * @param <E> the parsed expectation, e.g. a compiled pattern or a list of items
 */
abstract class BuiltInScorer<E> implements Scorer {

    private final String type;

    BuiltInScorer(String type) {
        this.type = type;
    }

    final String type() {
        return type;
    }

    @Override
    public final void validate(Assertion assertion) {
        expectation(assertion);
    }

    @Override
    public final Score score(String output, Assertion assertion, Row row) {
        return evaluate(output, expectation(assertion));
    }

    /** Parses value and threshold; throws {@link IllegalArgumentException} saying what is wrong. */
    abstract E expectation(Assertion assertion);

    abstract Score evaluate(String output, E expectation);

    /** The value, which must not be empty because an empty one would match every output. */
    final String requireValue(String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException(type + " needs a value, e.g. " + type + ":" + example());
        }
        return value;
    }

    /** An example value for error messages. */
    String example() {
        return "Paris";
    }
}
