package dev.prompteval.internal.score;

import dev.prompteval.dataset.Assertion;
import dev.prompteval.dataset.Row;
import dev.prompteval.score.Score;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Rows and assertions built the way the dataset parser builds them, for scorer tests. */
final class Fixtures {

    static final Scorers SCORERS = Scorers.defaults();

    private Fixtures() {
    }

    static Assertion assertion(String type, String value) {
        return new Assertion(type, false, null, value, 1.0, "__expected");
    }

    static Assertion negated(String type, String value) {
        return new Assertion(type, true, null, value, 1.0, "__expected");
    }

    static Assertion withThreshold(String type, double threshold, String value) {
        return new Assertion(type, false, threshold, value, 1.0, "__expected");
    }

    static Assertion weighted(Assertion a, double weight) {
        return new Assertion(a.type(), a.negated(), a.threshold(), a.value(), weight, a.column());
    }

    static Row row(Double threshold, Assertion... assertions) {
        return new Row("r1", 1, 2, Map.of("q", "?"), List.of(assertions), "a row", null, threshold, Map.of(),
                Set.of(), null);
    }

    /** Scores one assertion as the runner does, negation included. */
    static Score score(Assertion assertion, String output) {
        return new RowScorer(SCORERS).score(assertion, output, row(null, assertion)).score();
    }

    static Score score(String type, String value, String output) {
        return score(assertion(type, value), output);
    }
}
