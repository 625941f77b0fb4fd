package dev.prompteval.internal.score;

import dev.prompteval.dataset.Assertion;
import dev.prompteval.score.Score;
import org.junit.jupiter.api.Test;

import static dev.prompteval.internal.score.Fixtures.negated;
import static dev.prompteval.internal.score.Fixtures.score;
import static dev.prompteval.internal.score.Fixtures.withThreshold;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SimilarityScorersTest {

    private static Assertion negatedWithThreshold(String type, double threshold, String value) {
        return new Assertion(type, true, threshold, value, 1.0, "__expected");
    }

    @Test
    void levenshteinOfTheTextbookPair() {
        // kitten -> sitting: substitute k->s, e->i, insert g = 3 edits; longer length 7;
        // similarity = (7 - 3) / 7 = 4/7 = 0.571428...
        Score score = score(withThreshold("levenshtein", 0.57, "sitting"), "kitten");
        assertThat(score.score()).isEqualTo(4.0 / 7.0);
        assertThat(score.pass()).isTrue();
        assertThat(score.reason()).isEqualTo("similarity 0.5714 >= threshold 0.57 (edit distance 3, longer length 7)"
                + " to \"sitting\", output \"kitten\"");
        assertThat(score(withThreshold("levenshtein", 0.58, "sitting"), "kitten").pass()).isFalse();
    }

    @Test
    void levenshteinExactlyAtTheDefaultThresholdPasses() {
        // hallo -> hello: 1 substitution; longer length 5; similarity = (5 - 1) / 5 = 0.8 = default threshold
        Score score = score("levenshtein", "hello", "hallo");
        assertThat(score.score()).isEqualTo(0.8);
        assertThat(score.pass()).isTrue();
        // helo -> hello: 1 insertion; (5 - 1) / 5 = 0.8 again, with lengths differing
        assertThat(score("levenshtein", "hello", "helo").pass()).isTrue();
        // hxllx -> hello: 2 substitutions; (5 - 2) / 5 = 0.6 < 0.8
        Score below = score("levenshtein", "hello", "hxllx");
        assertThat(below.score()).isEqualTo(0.6);
        assertThat(below.pass()).isFalse();
        assertThat(below.reason()).startsWith("similarity 0.6 < threshold 0.8 ");
    }

    @Test
    void levenshteinCountsCodePointsAndIsCaseSensitive() {
        // "a😀" vs "a": 2 code points vs 1 -> 1 deletion, similarity (2 - 1) / 2 = 0.5
        // (counting UTF-16 chars would give 3 vs 1 -> 2 edits -> 1/3)
        assertThat(score(withThreshold("levenshtein", 0.5, "a"), "a😀").score()).isEqualTo(0.5);
        // Hello vs hello: 1 substitution of 5 -> 0.8
        assertThat(score("levenshtein", "hello", "Hello").score()).isEqualTo(0.8);
        assertThat(score("levenshtein", "same", "same").score()).isEqualTo(1.0);
        // empty output vs "abc": 3 insertions of 3 -> 0
        assertThat(score("levenshtein", "abc", "").score()).isZero();
    }

    @Test
    void notLevenshteinPassesBelowTheThreshold() {
        // hallo vs hello: similarity 0.8; negated score 1 - 0.8, and at the threshold the negation fails
        Score atThreshold = score(negated("levenshtein", "hello"), "hallo");
        assertThat(atThreshold.score()).isCloseTo(0.2, within(1e-12));
        assertThat(atThreshold.pass()).isFalse();
        assertThat(atThreshold.reason()).startsWith("negated: similarity 0.8 >= threshold 0.8 ");
        // hxllx vs hello: similarity 0.6 < 0.8, so the negation passes with score 0.4
        Score below = score(negated("levenshtein", "hello"), "hxllx");
        assertThat(below.score()).isCloseTo(0.4, within(1e-12));
        assertThat(below.pass()).isTrue();
        assertThat(score(negatedWithThreshold("levenshtein", 0.6, "hello"), "hxllx").pass()).isFalse();
    }

    @Test
    void levenshteinThresholdAboveOneIsAnErrorThatExplainsThePromptfooDifference() {
        assertThatThrownBy(() -> score(withThreshold("levenshtein", 5, "hello"), "hallo"))
                .isInstanceOf(ScoringException.class)
                .hasMessageContaining("levenshtein threshold is a similarity between 0 and 1, was 5.0 (promptfoo's "
                        + "levenshtein threshold is a maximum edit distance");
        assertThatThrownBy(() -> score(withThreshold("levenshtein", -0.1, "hello"), "hallo"))
                .hasMessageContaining("levenshtein threshold must be between 0 and 1, was -0.1");
        assertThatThrownBy(() -> score("levenshtein", "", "x")).hasMessageContaining("levenshtein needs a value");
    }

    @Test
    void rougeLOfASentencePair() {
        // reference tokens: the cat sat on the mat (6); output tokens: the cat is on the mat (6)
        // LCS = the cat on the mat = 5; F1 = 2 * 5 / (6 + 6) = 10/12 = 0.8333
        Score score = score("rouge-l", "the cat sat on the mat", "The cat is on the mat.");
        assertThat(score.score()).isEqualTo(10.0 / 12.0);
        assertThat(score.pass()).isTrue();
        assertThat(score.reason()).isEqualTo("ROUGE-L F1 0.8333 >= threshold 0.75 (LCS 5 of 6 output and 6 reference"
                + " tokens) to \"the cat sat on the mat\", output \"The cat is on the mat.\"");
    }

    @Test
    void rougeLRewardsOrderNotJustOverlap() {
        // output tokens: the mat the cat (4); reference: the cat sat on the mat (6)
        // longest common subsequences have length 2 (e.g. "the cat", "the mat", "the the");
        // F1 = 2 * 2 / (4 + 6) = 0.4
        Score score = score("rouge-l", "the cat sat on the mat", "The mat, the cat!");
        assertThat(score.score()).isEqualTo(0.4);
        assertThat(score.pass()).isFalse();
    }

    @Test
    void rougeLExactlyAtTheDefaultThresholdPasses() {
        // red green blue black vs red green blue yellow: LCS 3, F1 = 2 * 3 / (4 + 4) = 0.75 = default threshold
        Score at = score("rouge-l", "red green blue yellow", "red green blue black");
        assertThat(at.score()).isEqualTo(0.75);
        assertThat(at.pass()).isTrue();
        Score negatedAt = score(negated("rouge-l", "red green blue yellow"), "red green blue black");
        assertThat(negatedAt.score()).isEqualTo(0.25);
        assertThat(negatedAt.pass()).isFalse();
        // with threshold 0.76 the same pair fails, and its negation passes
        assertThat(score(withThreshold("rouge-l", 0.76, "red green blue yellow"), "red green blue black").pass())
                .isFalse();
        assertThat(score(negatedWithThreshold("rouge-l", 0.76, "red green blue yellow"), "red green blue black")
                .pass()).isTrue();
    }

    @Test
    void rougeLIgnoresCaseAndPunctuationAndHandlesEmptyTexts() {
        assertThat(score("rouge-l", "red green blue", "Red, GREEN; blue!").score()).isEqualTo(1.0);
        assertThat(score("rouge-l", "...", "!!!").score()).isEqualTo(1.0);
        assertThat(score("rouge-l", "red", "").score()).isZero();
        assertThat(RougeLScorer.tokens("Don't stop-now, café 42")).containsExactly("don", "t", "stop", "now",
                "café", "42");
    }
}
