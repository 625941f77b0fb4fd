package dev.prompteval.internal.score;

import dev.prompteval.dataset.Assertion;
import dev.prompteval.dataset.Row;
import dev.prompteval.internal.dataset.AssertionVariables;
import dev.prompteval.score.AssertionResult;
import dev.prompteval.score.Score;
import dev.prompteval.score.Scorer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Scores one output of one row: each assertion (the row's own, then the suite-level ones), with the row's
 * {@code {{variables}}} put into its value ({@link AssertionVariables}), is scored by its {@link Scorer}, negated
 * for {@code not-} types, and combined into a {@link RowScore}.
 *
 * <ul>
 *   <li>negation: score {@code 1 - s}, pass inverted (for similarity scorers: passes when below the threshold),
 *       reason prefixed with {@code negated: };</li>
 *   <li>row score: the weighted mean of the assertion scores (when every weight is 0, the plain mean);</li>
 *   <li>row pass: every assertion passes, or the row has a {@code __threshold} and the score reaches it;</li>
 *   <li>no assertions: score 1, pass, reason {@code no assertions}.</li>
 * </ul>
 * An assertion that cannot be evaluated (unknown type, malformed value, scorer threw) raises a
 * {@link ScoringException}: it is never scored as a silent failure. Call {@link #validate} before any model call to
 * find these early. Immutable and thread-safe.
 */
public final class RowScorer {

    private final Scorers scorers;
    private final List<Assertion> suiteAssertions;

    public RowScorer(Scorers scorers) {
        this(scorers, List.of());
    }

    /** @param suiteAssertions assertions applied to every row after its own */
    public RowScorer(Scorers scorers, List<Assertion> suiteAssertions) {
        this.scorers = Objects.requireNonNull(scorers, "scorers");
        this.suiteAssertions = List.copyOf(suiteAssertions);
    }

    /** A scorer that also applies {@code extra} to every row, after the suite assertions it already has. */
    public RowScorer withSuiteAssertions(List<Assertion> extra) {
        List<Assertion> all = new ArrayList<>(suiteAssertions);
        all.addAll(extra);
        return new RowScorer(scorers, all);
    }

    /** The row's own assertions followed by the suite-level ones. */
    public List<Assertion> assertionsFor(Row row) {
        List<Assertion> all = new ArrayList<>(row.assertions());
        all.addAll(suiteAssertions);
        return all;
    }

    /**
     * Checks that every assertion of the row has a known type and a well-formed value and threshold, without an
     * output.
     *
     * @throws ScoringException naming the row and the first bad assertion
     */
    public void validate(Row row) {
        for (Assertion assertion : assertionsFor(row)) {
            try {
                scorers.forType(assertion.type()).validate(assertion);
            } catch (RuntimeException e) {
                throw new ScoringException(row, assertion, e.getMessage(), e);
            }
        }
    }

    /**
     * Scores one output (never null; empty when the model said nothing) against all of the row's assertions.
     *
     * @throws ScoringException when an assertion cannot be evaluated
     */
    public RowScore score(Row row, String output) {
        Objects.requireNonNull(output, "output");
        List<AssertionResult> results = assertionsFor(row).stream()
                .map(assertion -> score(assertion, output, row)).toList();
        if (results.isEmpty()) {
            return new RowScore(1.0, true, "no assertions", results, Map.of());
        }
        double score = weightedMean(results);
        long failed = results.stream().filter(r -> !r.score().pass()).count();
        boolean reachesThreshold = row.threshold() != null && Thresholds.meets(score, row.threshold());
        return new RowScore(score, failed == 0 || reachesThreshold, reason(row, score, failed, results), results,
                Map.of());
    }

    /**
     * Scores one assertion, applying its negation.
     *
     * @throws ScoringException when the assertion cannot be evaluated
     */
    public AssertionResult score(Assertion written, String output, Row row) {
        Assertion assertion = written;
        Score score;
        try {
            assertion = AssertionVariables.render(written, row);
            score = scorers.forType(assertion.type()).score(output, assertion, row);
        } catch (RuntimeException e) {
            throw new ScoringException(row, assertion, e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
        if (score == null) {
            throw new ScoringException(row, assertion, "its scorer returned no score (null)", null);
        }
        return new AssertionResult(assertion, assertion.negated() ? negate(score) : score);
    }

    private static Score negate(Score score) {
        return new Score(1.0 - score.score(), !score.pass(), "negated: " + score.reason());
    }

    private static double weightedMean(List<AssertionResult> results) {
        double totalWeight = results.stream().mapToDouble(r -> r.assertion().weight()).sum();
        double sum = results.stream()
                .mapToDouble(r -> (totalWeight > 0 ? r.assertion().weight() : 1.0) * r.score().score()).sum();
        double mean = sum / (totalWeight > 0 ? totalWeight : results.size());
        return Math.min(1.0, Math.max(0.0, mean)); // rounding may step a hair outside [0, 1]
    }

    private static String reason(Row row, double score, long failed, List<AssertionResult> results) {
        String counts = failed == 0
                ? "passed " + results.size() + " of " + results.size() + " assertions"
                : "failed " + failed + " of " + results.size() + " assertions, first " + firstFailure(results);
        if (row.threshold() == null) {
            return counts;
        }
        return "score " + Reasons.number(score) + (Thresholds.meets(score, row.threshold()) ? " >= " : " < ")
                + "row threshold " + Reasons.number(row.threshold()) + "; " + counts;
    }

    private static String firstFailure(List<AssertionResult> results) {
        return results.stream().filter(r -> !r.score().pass()).findFirst()
                .map(r -> r.assertion().display() + " (" + r.score().reason() + ")").orElseThrow();
    }
}
