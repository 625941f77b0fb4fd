package dev.prompteval.internal.score;

import dev.prompteval.dataset.Assertion;
import dev.prompteval.dataset.Row;
import dev.prompteval.score.AssertionResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.prompteval.internal.score.Fixtures.SCORERS;
import static dev.prompteval.internal.score.Fixtures.assertion;
import static dev.prompteval.internal.score.Fixtures.negated;
import static dev.prompteval.internal.score.Fixtures.row;
import static dev.prompteval.internal.score.Fixtures.weighted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RowScorerTest {

    private final RowScorer rowScorer = new RowScorer(SCORERS);

    @Test
    void rowWithoutAssertionsPasses() {
        RowScore score = rowScorer.score(row(null), "anything");
        assertThat(score).isEqualTo(new RowScore(1.0, true, "no assertions", List.of(), Map.of()));
    }

    @Test
    void allPassingAssertionsPassTheRow() {
        Row row = row(null, assertion("contains", "Paris"), assertion("regex", "^The"));
        RowScore score = rowScorer.score(row, "The capital is Paris.");
        assertThat(score.score()).isEqualTo(1.0);
        assertThat(score.pass()).isTrue();
        assertThat(score.reason()).isEqualTo("passed 2 of 2 assertions");
        assertThat(score.assertions()).extracting(AssertionResult::assertion).containsExactlyElementsOf(
                row.assertions());
    }

    @Test
    void scoreIsTheWeightedMeanAndOneFailureFailsTheRow() {
        // contains (weight 2) passes: 1; levenshtein hallo~hello (weight 1) = 0.8; equals (weight 1) fails: 0
        // mean = (2 * 1 + 1 * 0.8 + 1 * 0) / (2 + 1 + 1) = 2.8 / 4 = 0.7
        Row row = row(null, weighted(assertion("contains", "hallo"), 2), assertion("levenshtein", "hello"),
                assertion("equals", "hello"));
        RowScore score = rowScorer.score(row, "hallo");
        assertThat(score.score()).isEqualTo(0.7);
        assertThat(score.pass()).isFalse();
        assertThat(score.reason()).isEqualTo("failed 1 of 3 assertions, first equals:hello (expected \"hello\", "
                + "got \"hallo\" (first difference at char 1))");
    }

    @Test
    void rowThresholdPassesAScoreExactlyAtIt() {
        // the same 0.7 as above: at threshold 0.7 the row passes despite the failed assertion; at 0.71 it does not
        Assertion[] assertions = {weighted(assertion("contains", "hallo"), 2), assertion("levenshtein", "hello"),
                assertion("equals", "hello")};
        RowScore at = rowScorer.score(row(0.7, assertions), "hallo");
        assertThat(at.pass()).isTrue();
        assertThat(at.reason()).startsWith("score 0.7 >= row threshold 0.7; failed 1 of 3 assertions, first equals");
        RowScore above = rowScorer.score(row(0.71, assertions), "hallo");
        assertThat(above.pass()).isFalse();
        assertThat(above.reason()).startsWith("score 0.7 < row threshold 0.71; failed 1 of 3");
    }

    @Test
    void rowThresholdDoesNotFailARowWhoseAssertionsAllPass() {
        // levenshtein 0.8 passes its own threshold; row score 0.8 is below the row threshold 0.9, but every
        // assertion passed, which is enough
        RowScore score = rowScorer.score(row(0.9, assertion("levenshtein", "hello")), "hallo");
        assertThat(score.pass()).isTrue();
        assertThat(score.reason()).isEqualTo("score 0.8 < row threshold 0.9; passed 1 of 1 assertions");
    }

    @Test
    void negatedAssertionsCombineWithTheirInvertedScores() {
        // not-contains:error on "hallo": contains fails (0) -> negated 1, pass
        // not-levenshtein:hello on "hallo": similarity 0.8 -> negated 0.2, fails (0.8 is not below 0.8)
        // mean = (1 + 0.2) / 2 = 0.6
        Row row = row(null, negated("contains", "error"), negated("levenshtein", "hello"));
        RowScore score = rowScorer.score(row, "hallo");
        assertThat(score.score()).isCloseTo(0.6, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(score.pass()).isFalse();
        assertThat(score.assertions()).extracting(r -> r.score().pass()).containsExactly(true, false);
        assertThat(score.assertions().get(0).score().reason())
                .isEqualTo("negated: \"error\" not found in \"hallo\"");
        assertThat(score.reason()).startsWith("failed 1 of 2 assertions, first not-levenshtein:hello (negated: "
                + "similarity 0.8 >= threshold 0.8");
        Row withThreshold = row(0.6, negated("contains", "error"), negated("levenshtein", "hello"));
        assertThat(rowScorer.score(withThreshold, "hallo").pass()).isTrue();
    }

    @Test
    void allZeroWeightsFallBackToThePlainMean() {
        Row row = row(null, weighted(assertion("contains", "a"), 0), weighted(assertion("contains", "z"), 0));
        RowScore score = rowScorer.score(row, "abc");
        assertThat(score.score()).isEqualTo(0.5);
        assertThat(score.pass()).isFalse();
    }

    @Test
    void zeroWeightAssertionStillHasToPass() {
        // weight 0 takes the assertion out of the mean, not out of "all must pass"
        Row row = row(null, assertion("contains", "a"), weighted(assertion("contains", "z"), 0));
        RowScore score = rowScorer.score(row, "abc");
        assertThat(score.score()).isEqualTo(1.0);
        assertThat(score.pass()).isFalse();
    }

    @Test
    void suiteAssertionsApplyToEveryRowAfterItsOwn() {
        Assertion noApology = new Assertion("icontains", true, null, "sorry", 1.0, "suite");
        RowScorer withSuite = rowScorer.withSuiteAssertions(List.of(noApology));
        Row row = row(null, assertion("contains", "Paris"));
        assertThat(withSuite.assertionsFor(row)).containsExactly(row.assertions().get(0), noApology);
        RowScore score = withSuite.score(row, "Sorry, Paris.");
        assertThat(score.pass()).isFalse();
        assertThat(score.score()).isEqualTo(0.5);
        assertThat(score.reason()).startsWith("failed 1 of 2 assertions, first not-icontains:sorry (negated: found");
        // a row without its own assertions is still judged by the suite's
        assertThat(withSuite.score(row(null), "Paris").reason()).isEqualTo("passed 1 of 1 assertions");
        Assertion shortAnswer = new Assertion("max-words", false, null, "3", 1.0, "suite");
        assertThat(withSuite.withSuiteAssertions(List.of(shortAnswer)).assertionsFor(row))
                .containsExactly(row.assertions().get(0), noApology, shortAnswer);
    }

    @Test
    void malformedAssertionIsAnErrorNamingRowAndAssertion() {
        Row row = new Row("capital-fr", 3, 5, Map.of(), List.of(assertion("json-path", "$.a[")), "capital",
                null, null, Map.of(), Set.of(), null);
        assertThatThrownBy(() -> rowScorer.score(row, "{\"a\": [1]}"))
                .isInstanceOf(ScoringException.class)
                .hasMessage("row [capital-fr] capital (line 5), assertion __expected \"json-path:$.a[\": malformed "
                        + "JSONPath \"$.a[\" at column 5: expected an array index or a quoted key after '['; "
                        + "supported: $, .name, [n], ['key']")
                .satisfies(e -> assertThat(((ScoringException) e).rowId()).isEqualTo("capital-fr"));
        assertThatThrownBy(() -> rowScorer.validate(row)).isInstanceOf(ScoringException.class)
                .hasMessageContaining("malformed JSONPath");
    }

    @Test
    void validateChecksTypesValuesAndThresholdsWithoutAnOutput() {
        rowScorer.validate(row(null, assertion("contains", "x"), assertion("max-words", "3")));
        assertThatThrownBy(() -> rowScorer.validate(row(null, assertion("contans", "x"))))
                .isInstanceOf(ScoringException.class)
                .hasMessageContaining("assertion __expected \"contans:x\": unknown assertion type \"contans\"; "
                        + "did you mean \"contains\"?");
        assertThatThrownBy(() -> rowScorer.validate(row(null, assertion("max-words", "many"))))
                .hasMessageContaining("max-words needs a whole number");
        assertThatThrownBy(() -> rowScorer.validate(row(null, Fixtures.withThreshold("rouge-l", 1.5, "x"))))
                .hasMessageContaining("rouge-l threshold is a similarity between 0 and 1, was 1.5");
    }

    @Test
    void aScorerThatThrowsOrReturnsNothingIsAnErrorNotAFailure() {
        Scorers scorers = Scorers.builder()
                .register("boom", (output, a, row) -> {
                    throw new IllegalStateException("judge unavailable");
                })
                .register("silent", (output, a, row) -> null)
                .build();
        var scorer = new RowScorer(scorers);
        assertThatThrownBy(() -> scorer.score(row(null, assertion("boom", "")), "x"))
                .isInstanceOf(ScoringException.class)
                .hasMessage("row [r1] a row (line 2), assertion __expected \"boom\": judge unavailable")
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> scorer.score(row(null, assertion("silent", "")), "x"))
                .hasMessageEndingWith("assertion __expected \"silent\": its scorer returned no score (null)");
    }
}
