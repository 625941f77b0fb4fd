package dev.prompteval.internal.score;

import dev.prompteval.score.Score;
import org.junit.jupiter.api.Test;

import static dev.prompteval.internal.score.Fixtures.assertion;
import static dev.prompteval.internal.score.Fixtures.negated;
import static dev.prompteval.internal.score.Fixtures.score;
import static dev.prompteval.internal.score.Fixtures.withThreshold;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextScorersTest {

    @Test
    void equalsMatchesTheWholeOutputExactly() {
        assertThat(score("equals", "Paris", "Paris")).isEqualTo(Score.pass("output equals \"Paris\""));
        Score trailingNewline = score("equals", "Paris", "Paris\n");
        assertThat(trailingNewline.pass()).isFalse();
        assertThat(trailingNewline.score()).isZero();
        assertThat(trailingNewline.reason())
                .isEqualTo("expected \"Paris\", got \"Paris\\n\" (first difference at char 5)");
        assertThat(score("equals", "paris", "Paris").reason()).endsWith("(first difference at char 0)");
    }

    @Test
    void equalsWithEmptyValueExpectsEmptyOutput() {
        assertThat(score("equals", "", "").pass()).isTrue();
        assertThat(score("equals", "", " ").pass()).isFalse();
    }

    @Test
    void notEqualsInvertsScorePassAndReason() {
        Score same = score(negated("equals", "Paris"), "Paris");
        assertThat(same).isEqualTo(new Score(0.0, false, "negated: output equals \"Paris\""));
        Score different = score(negated("equals", "Paris"), "Lyon");
        assertThat(different.pass()).isTrue();
        assertThat(different.score()).isEqualTo(1.0);
    }

    @Test
    void containsIsCaseSensitiveAndShowsWhereItMatched() {
        Score found = score("contains", "Paris", "The capital of France is Paris.");
        assertThat(found).isEqualTo(Score.pass("found \"Paris\" in \"The capital of France is Paris.\""));
        Score missing = score("contains", "Paris", "the capital is paris");
        assertThat(missing).isEqualTo(Score.fail("\"Paris\" not found in \"the capital is paris\""));
        assertThat(score(negated("contains", "Paris"), "the capital is paris").pass()).isTrue();
        assertThat(score(negated("contains", "Paris"), "Paris").pass()).isFalse();
    }

    @Test
    void containsReasonShowsAWindowAroundAMatchInALongOutput() {
        String output = "x".repeat(200) + " Paris " + "y".repeat(200);
        String reason = score("contains", "Paris", output).reason();
        assertThat(reason).startsWith("found \"Paris\" in \"…").contains(" Paris ")
                .endsWith("(at char 201 of 407)");
        assertThat(reason.length()).isLessThan(160);
    }

    @Test
    void icontainsIgnoresCase() {
        assertThat(score("icontains", "PARIS", "the capital is paris"))
                .isEqualTo(Score.pass("found \"PARIS\" (ignoring case) in \"the capital is paris\""));
        assertThat(score("icontains", "straße", "STRASSE").pass()).isFalse();
        assertThat(score("icontains", "ÉTÉ", "un été chaud").pass()).isTrue();
        assertThat(score(negated("icontains", "PARIS"), "paris").pass()).isFalse();
    }

    @Test
    void containsNeedsAValueBecauseAnEmptyOneMatchesEverything() {
        assertThatThrownBy(() -> score("contains", "", "anything"))
                .isInstanceOf(ScoringException.class)
                .hasMessageContaining("contains needs a value, e.g. contains:Paris");
    }

    @Test
    void binaryScorersRejectAThreshold() {
        assertThatThrownBy(() -> score(withThreshold("contains", 0.5, "Paris"), "Paris"))
                .isInstanceOf(ScoringException.class)
                .hasMessageContaining("contains passes or fails and takes no threshold");
    }

    @Test
    void startsWithChecksThePrefixExactly() {
        assertThat(score("starts-with", "Yes", "Yes, it is.").pass()).isTrue();
        Score no = score("starts-with", "Yes", " Yes, it is.");
        assertThat(no).isEqualTo(Score.fail("expected output to start with \"Yes\", output \" Yes, it is.\""));
        assertThat(score(negated("starts-with", "Yes"), "No.").pass()).isTrue();
    }

    @Test
    void containsAnyPassesWhenOneItemOccurs() {
        Score one = score("contains-any", "red, green ,blue", "a green apple");
        assertThat(one).isEqualTo(Score.pass(
                "expected any of [\"red\", \"green\", \"blue\"]: found [\"green\"] in \"a green apple\""));
        Score none = score("contains-any", "red,green", "a Green apple");
        assertThat(none).isEqualTo(Score.fail(
                "expected any of [\"red\", \"green\"]: none found in \"a Green apple\""));
        assertThat(score(negated("contains-any", "red,green"), "a Green apple").pass()).isTrue();
        assertThat(score(negated("contains-any", "red,green"), "a green apple").pass()).isFalse();
    }

    @Test
    void containsAllNamesTheMissingItems() {
        assertThat(score("contains-all", "red,green", "red and green").pass()).isTrue();
        Score missing = score("contains-all", "red,green,blue", "red only");
        assertThat(missing).isEqualTo(Score.fail(
                "expected all of [\"red\", \"green\", \"blue\"]: missing [\"green\", \"blue\"] in \"red only\""));
        // negation of "all" is "not all": one missing item is enough
        assertThat(score(negated("contains-all", "red,green"), "red only").pass()).isTrue();
        assertThat(score(negated("contains-all", "red,green"), "red and green").pass()).isFalse();
    }

    @Test
    void caseInsensitiveListForms() {
        assertThat(score("icontains-any", "RED,GREEN", "a green apple").pass()).isTrue();
        assertThat(score("icontains-any", "RED,GREEN", "a blue apple").pass()).isFalse();
        assertThat(score("icontains-all", "RED,Green", "red and GREEN").pass()).isTrue();
        Score partial = score("icontains-all", "RED,Green", "red and blue");
        assertThat(partial.pass()).isFalse();
        assertThat(partial.reason()).contains("(ignoring case)").contains("missing [\"Green\"]");
        assertThat(score(negated("icontains-all", "RED,Green"), "red and blue").pass()).isTrue();
    }

    @Test
    void listItemsMayBeQuotedToHoldACommaAndEmptyItemsAreSkipped() {
        assertThat(score("contains-all", "\"Paris, France\", Lyon", "Lyon, not Paris, France").pass()).isTrue();
        assertThat(score("contains-all", "\"Paris, France\", Lyon", "Lyon, Paris France").pass()).isFalse();
        assertThat(score("contains-any", "\" padded \"", "x padded y").pass()).isTrue();
        assertThat(score("contains-any", "\" padded \"", "x padded,y").pass()).isFalse();
        assertThat(score("contains-any", "\"say \"\"hi\"\"\"", "they say \"hi\"").pass()).isTrue();
        // ",," and a trailing comma leave no empty item behind (an empty item would match every output)
        assertThat(score("contains-all", "red,,green,", "red green").reason())
                .startsWith("expected all of [\"red\", \"green\"]");
    }

    @Test
    void malformedListsAreErrors() {
        assertThatThrownBy(() -> score("contains-any", "\"red, green", "red"))
                .isInstanceOf(ScoringException.class)
                .hasMessageContaining("contains-any value \"\\\"red, green\" is not a valid list");
        assertThatThrownBy(() -> score("contains-any", " , ,", "red"))
                .isInstanceOf(ScoringException.class)
                .hasMessageContaining("contains-any needs at least one item");
    }

    @Test
    void regexFindsAMatchAnywhereUnlessAnchored() {
        Score found = score("regex", "\\d+", "order 1234 shipped");
        assertThat(found).isEqualTo(Score.pass("/\\d+/ matched \"1234\" in \"order 1234 shipped\""));
        assertThat(score("regex", "^\\d+$", "order 1234").pass()).isFalse();
        assertThat(score("regex", "^\\d+$", "order 1234"))
                .isEqualTo(Score.fail("/^\\d+$/ found no match in \"order 1234\""));
        assertThat(score("regex", "(?i)^yes\\b", "YES, sure").pass()).isTrue();
        assertThat(score(negated("regex", "\\d"), "no digits").pass()).isTrue();
        assertThat(score(negated("regex", "\\d"), "1 digit").pass()).isFalse();
    }

    @Test
    void invalidRegexIsAnErrorNamingTheProblem() {
        assertThatThrownBy(() -> score("regex", "(unclosed", "x"))
                .isInstanceOf(ScoringException.class)
                .hasMessageContaining("regex \"(unclosed\" is not a valid Java regular expression: Unclosed group");
    }

    @Test
    void reasonsStayOnOneLineAndShortForLongOutputs() {
        String output = "line one\nline two\n" + "z".repeat(500);
        Score score = score("contains", "absent", output);
        assertThat(score.reason()).doesNotContain("\n")
                .isEqualTo("\"absent\" not found in \"line one\\nline two\\n" + "z".repeat(62) + "…\" (518 chars)");
    }

    @Test
    void validateRejectsMalformedAssertionsWithoutAnOutput() {
        assertThatThrownBy(() -> Fixtures.SCORERS.forType("regex").validate(assertion("regex", "[")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid Java regular expression");
    }
}
