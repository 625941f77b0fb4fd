package dev.prompteval.internal.dataset;

import dev.prompteval.dataset.Assertion;
import dev.prompteval.dataset.Row;
import dev.prompteval.internal.score.RowScore;
import dev.prompteval.internal.score.RowScorer;
import dev.prompteval.internal.score.Scorers;
import dev.prompteval.internal.score.ScoringException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Assertion values use the row's variables as promptfoo's example datasets do ({@code contains:{{expected}}},
 * {@code llm-rubric: Does this describe {{topic}} accurately?}): promptfoo renders an assertion's value with the
 * test case's vars before it is checked, so the same CSV means the same here.
 */
class AssertionVariablesTest {
    @TempDir
    Path dir;

    private List<Row> rows(Dataset dataset) {
        var rows = new ArrayList<Row>();
        try (RowReader reader = dataset.rows()) {
            reader.forEachRemaining(rows::add);
        }
        return rows;
    }

    @Test
    void eachRowsAssertionIsScoredWithItsOwnVariables() throws IOException {
        Dataset dataset = Fixtures.dataset(dir, """
                question,expected,__expected
                Capital of France?,Paris,contains:{{expected}}
                Capital of Italy?,Rome,contains:{{ expected }}
                """);
        List<Row> rows = rows(dataset);
        var scorer = new RowScorer(Scorers.defaults());

        RowScore paris = scorer.score(rows.get(0), "It is Paris.");
        RowScore wrong = scorer.score(rows.get(1), "It is Paris.");

        assertThat(paris.pass()).isTrue();
        assertThat(paris.assertions().get(0).assertion().value()).isEqualTo("Paris");
        assertThat(wrong.pass()).isFalse();
        assertThat(wrong.reason()).contains("contains:Rome");
    }

    @Test
    void suiteAssertionsAreRenderedPerRowToo() throws IOException {
        Dataset dataset = Fixtures.dataset(dir, "question,expected\nCapital of France?,Paris\nOf Italy?,Rome\n");
        var suite = new Assertion("icontains", false, null, "{{expected}}", 1.0, "suite");
        var scorer = new RowScorer(Scorers.defaults(), List.of(suite));

        assertThat(rows(dataset)).extracting(row -> scorer.score(row, "paris").pass()).containsExactly(true, false);
    }

    @Test
    void aVariableTheRowLacksIsADatasetProblemNamingRowAndColumn() throws IOException {
        Dataset dataset = Fixtures.dataset(dir, "question,expected,__expected\nQ?,Paris,contains:{{expectd}}\n");

        assertThat(dataset.validate(Fixtures.prompt("p", "{question}")).problems())
                .extracting(DatasetProblem::toString)
                .containsExactly("data/orders.csv:2: row 1, __expected \"contains:{{expectd}}\": the assertion uses"
                        + " {{expectd}}, but the row has no such column (it has question, expected); add the column"
                        + " or fix the name");
    }

    @Test
    void aSuiteAssertionsUnknownVariableIsOneProblemBeforeAnyModelCall() throws IOException {
        Dataset dataset = Fixtures.dataset(dir, "question,country\nQ1?,France\nQ2?,Italy\n");
        var rubric = new Assertion("llm-rubric", false, null, "Names the capital of {{contry}}", 1.0,
                "suite geo assertion 1");

        assertThat(dataset.validate(List.of(Fixtures.prompt("p", "{question}")), List.of(rubric)).problems())
                .extracting(DatasetProblem::toString)
                .containsExactly("data/orders.csv:2: row 1, suite geo assertion 1 \"llm-rubric:Names the capital of"
                        + " {{contry}}\": the assertion uses {{contry}}, but the row has no such column (it has"
                        + " question, country); add the column or fix the name");
    }

    @Test
    void aSuiteAssertionWithAnUnknownVariableCannotBeScoredRatherThanPassing() throws IOException {
        Dataset dataset = Fixtures.dataset(dir, "question\nQ?\n");
        var scorer = new RowScorer(Scorers.defaults(),
                List.of(new Assertion("contains", true, null, "{{nope}}", 1.0, "suite")));

        assertThatThrownBy(() -> scorer.score(rows(dataset).get(0), "anything"))
                .isInstanceOf(ScoringException.class).hasMessageContaining("{{nope}}")
                .hasMessageContaining("no such column");
    }

    @Test
    void textThatIsNoVariableIsKeptAsWritten() {
        var row = new Row("r1", 1, 2, java.util.Map.of("x", "1"), List.of(), null, null, null, java.util.Map.of(),
                java.util.Set.of(), null);
        var json = new Assertion("contains-json", false, null, "{{\"a\": 1}}", 1.0, "__expected");

        assertThat(AssertionVariables.render(json, row)).isSameAs(json);
    }
}
