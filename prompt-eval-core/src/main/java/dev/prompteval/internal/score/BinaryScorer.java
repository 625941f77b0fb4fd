package dev.prompteval.internal.score;

import dev.prompteval.dataset.Assertion;
import dev.prompteval.score.Score;

/** A built-in scorer that either passes (score 1) or fails (score 0); a threshold makes no sense for it. */
abstract class BinaryScorer<E> extends BuiltInScorer<E> {

    BinaryScorer(String type) {
        super(type);
    }

    @Override
    final E expectation(Assertion assertion) {
        if (assertion.threshold() != null) {
            throw new IllegalArgumentException(type() + " passes or fails and takes no threshold; write "
                    + type() + ":value without (" + assertion.threshold() + ")");
        }
        return parse(assertion.value());
    }

    abstract E parse(String value);

    static Score verdict(boolean pass, String reason) {
        return pass ? Score.pass(reason) : Score.fail(reason);
    }
}
