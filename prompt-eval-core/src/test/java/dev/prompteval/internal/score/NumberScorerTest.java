package dev.prompteval.internal.score;

import dev.prompteval.score.Score;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.prompteval.internal.score.Fixtures.negated;
import static dev.prompteval.internal.score.Fixtures.score;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NumberScorerTest {

    @ParameterizedTest(name = "{0}:{1} on \"{2}\" -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            number | 42        | 42                           | true
            number | 42        | '  42.0 '                    | true
            number | 42        | The answer is 42.            | true
            number | 42        | The answer is 43.            | false
            number | 42±0.5    | about 42.5 units             | true
            number | 42±0.5    | about 41.5 units             | true
            number | 42±0.5    | about 42.51 units            | false
            number | 42+-0.5   | 41.6                         | true
            number | 42 +/- 1  | 43                           | true
            number | 0.1±0.2   | 0.3                          | true
            number | -3        | it fell by -3 degrees        | true
            number | 3         | range 3-5                    | true
            number | 1234.5    | total: 1,234.50 EUR          | true
            number | 4         | gpt4 says 5                  | false
            number | 0.5       | .5                           | true
            number | 1000      | 1e3                          | true
            gt     | 10        | 10.01                        | true
            gt     | 10        | 10                           | false
            gte    | 10        | 10                           | true
            gte    | 10        | 9.99                         | false
            lt     | 0         | -0.5                         | true
            lt     | 0         | 0                            | false
            lte    | 0         | 0                            | true
            lte    | 0         | 1                            | false
            """)
    void comparesTheStatedNumber(String type, String value, String output, boolean pass) {
        Score score = score(type, value, output);
        assertThat(score.pass()).as(score.reason()).isEqualTo(pass);
        assertThat(score.score()).isEqualTo(pass ? 1.0 : 0.0);
    }

    @Test
    void reasonsSayWhatWasExpectedAndFound() {
        assertThat(score("number", "42±0.5", "about 43"))
                .isEqualTo(Score.fail("expected a number = 42±0.5, found 43 in \"about 43\""));
        assertThat(score("gte", "10", "no idea"))
                .isEqualTo(Score.fail("expected a number >= 10, found no number in \"no idea\""));
    }

    @Test
    void negatedNumber() {
        assertThat(score(negated("number", "42"), "41").pass()).isTrue();
        assertThat(score(negated("number", "42"), "42").pass()).isFalse();
        assertThat(score(negated("gt", "10"), "10").pass()).isTrue();
    }

    @Test
    void malformedValuesAreErrors() {
        assertThatThrownBy(() -> score("number", "forty-two", "42"))
                .isInstanceOf(ScoringException.class)
                .hasMessageContaining("number value \"forty-two\" is not a number with an optional ±tolerance, "
                        + "e.g. number:42±0.5");
        assertThatThrownBy(() -> score("number", "42±-1", "42")).hasMessageContaining("is not a number");
        assertThatThrownBy(() -> score("gt", "10±1", "42"))
                .hasMessageContaining("gt value \"10±1\" is not a number, e.g. gt:42");
    }
}
