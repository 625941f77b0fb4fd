package dev.prompteval.internal.dataset;

import dev.prompteval.dataset.Assertion;
import dev.prompteval.dataset.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * promptfoo-style CSVs parse as promptfoo's own CSV reader treats them. The expected values below come from
 * reading promptfoo's reader, promptfoo/promptfoo {@code src/csv.ts} (main branch, 2025), by hand:
 * <ul>
 *   <li>{@code testCaseFromCsvRow} (lines 363-380): header keys are trimmed; {@code applyReservedColumn}
 *       (lines 294-332): every key starting with {@code __expected} with a non-blank cell becomes
 *       {@code assertionFromString(value.trim())}; {@code __description}, {@code __metric} and
 *       {@code __threshold} ({@code Number.parseFloat}, kept only when truthy, line 358) fill the test case;
 *       other keys are vars.</li>
 *   <li>{@code parseMetadataColumn} (lines 207-232): {@code __metadata:key} keeps non-blank cells;
 *       {@code key[]} splits on commas.</li>
 *   <li>{@code parseConfigColumn} (lines 270-292) with {@code applyAssertionConfigs} (lines 334-349):
 *       {@code __config:__expectedN:threshold} sets the threshold of assertion N.</li>
 *   <li>{@code assertionFromString} (lines 144-154): javascript, rubric and python prefixes first, then the regex
 *       {@code ^(not-)?(type)(?:\((\d+(?:\.\d+)?)\))?(?::([\s\S]*))?$} (line 16) in {@code parseRegexAssertion}
 *       (lines 102-142), else {@code {type: 'equals', value: expected}}. Array types split the value on commas
 *       (line 120), {@code is-json}/{@code contains-json} keep it raw (line 125), other types trim it
 *       (lines 131, 140).</li>
 * </ul>
 * Where promptfoo holds a list (array assertion values, {@code key[]} metadata) our {@link Assertion} and
 * {@link Row} hold the cell text, which the scorer splits on commas; and promptfoo's default thresholds for
 * threshold types (0.75, lines 132-134) are left to our scorers, so our threshold is null when the cell has none.
 */
class PromptfooCompatibilityTest {
    private static final Path FIXTURE = Path.of("src/test/resources/datasets/promptfoo-style.csv");

    @TempDir
    Path dir;

    private static Assertion assertion(String type, boolean negated, Double threshold, String value, String column) {
        return new Assertion(type, negated, threshold, value, 1.0, column);
    }

    private static List<Row> rows() {
        var rows = new ArrayList<Row>();
        try (RowReader reader = Dataset.open(FIXTURE, Fixtures.TYPES).rows()) {
            reader.forEachRemaining(rows::add);
        }
        return rows;
    }

    @Test
    void promptfooStyleCsvParsesAsPromptfoosOwnCsvReaderTreatsIt() {
        List<Row> rows = rows();
        assertThat(rows).hasSize(5);
        assertThat(rows).allSatisfy(row -> assertThat(row.variables()).containsOnlyKeys("question"));

        Row capital = rows.get(0);
        // 'Paris' matches no type: {type: 'equals', value: 'Paris'}.
        assertThat(capital.assertions()).containsExactly(
                assertion("equals", false, null, "Paris", "__expected"),
                assertion("contains", false, null, "Paris", "__expected2"),
                assertion("icontains", true, null, "london", "__expected3"));
        assertThat(capital.description()).isEqualTo("Capital of France");
        assertThat(capital.metric()).isEqualTo("accuracy");
        assertThat(capital.threshold()).isEqualTo(0.5);
        // promptfoo: {category: 'geography', sources: ['wiki', 'atlas']}.
        assertThat(capital.metadata()).containsExactly(Map.entry("category", "geography"),
                Map.entry("sources", "wiki, atlas"));
        assertThat(capital.line()).isEqualTo(2);

        Row hello = rows.get(1);
        // ' levenshtein(0.8): hello ' is trimmed, then matched: threshold 0.8, value trimmed to 'hello';
        // 'icontains-any:hi, hello ' gives ['hi', 'hello'] and __config:__expected2:threshold sets 0.9 on it;
        // bare 'is-json' has no value.
        assertThat(hello.assertions()).containsExactly(
                assertion("levenshtein", false, 0.8, "hello", "__expected"),
                assertion("icontains-any", false, 0.9, "hi, hello", "__expected2"),
                assertion("is-json", false, null, "", "__expected3"));
        // Blank __metric and __threshold: promptfoo sets metric '' and drops NaN thresholds.
        assertThat(hello.metric()).isNull();
        assertThat(hello.threshold()).isNull();
        assertThat(hello.metadata()).isEmpty();

        Row json = rows.get(2);
        // contains-json keeps its raw value, leading space included.
        assertThat(json.assertions()).containsExactly(
                assertion("contains-json", false, null, " {\"id\": 1}", "__expected"),
                assertion("regex", false, null, "^\\{.*\\}$", "__expected2"),
                assertion("starts-with", true, null, "Sorry", "__expected3"));

        Row louvre = rows.get(3);
        // 'Answer: Paris' and the URL match no type, so both are equals; 'equals: Paris ' trims to 'Paris'.
        assertThat(louvre.variables().get("question")).isEqualTo("Where is the Louvre?\nAnswer in one line.");
        assertThat(louvre.assertions()).containsExactly(
                assertion("equals", false, null, "Answer: Paris", "__expected"),
                assertion("equals", false, null, "https://en.wikipedia.org/wiki/Louvre", "__expected2"),
                assertion("equals", false, null, "Paris", "__expected3"));
        assertThat(louvre.line()).isEqualTo(5);

        Row french = rows.get(4);
        // [\s\S]* lets the value span lines.
        assertThat(french.assertions()).containsExactly(
                assertion("contains", false, null, "Bonjour\nMadame", "__expected"),
                assertion("contains-all", true, null, "hello", "__expected2"),
                assertion("regex", true, null, "\\d", "__expected3"));
        assertThat(french.line()).isEqualTo(7);
        assertThat(french.description()).isNull();
    }

    @Test
    void whereWeDeliberatelyDifferAMistypedAssertionIsAnErrorNotAnExactMatch() throws IOException {
        // promptfoo: 'containz:Paris' fails the regex, so it becomes {type: 'equals', value: 'containz:Paris'}
        // and every output fails silently. We report an error with file, line and column instead.
        Dataset dataset = Fixtures.dataset(dir, "question,__expected\nCapital?,containz:Paris\n");

        try (RowReader rows = dataset.rows()) {
            assertThatThrownBy(rows::next)
                    .hasMessageStartingWith("data/orders.csv:2:2: unknown assertion type \"containz\" in column"
                            + " __expected");
        }
    }

    @Test
    void promptfooColumnsWithoutACounterpartAreRejectedRatherThanIgnored() throws IOException {
        // promptfoo reads __prefix/__suffix into options and any other __name as a var.
        Dataset dataset = Fixtures.dataset(dir, "question,__suffix,__other\nQ,!,x\n");

        assertThat(dataset.validate(Fixtures.prompt("p", "{question}")).problems())
                .extracting(DatasetProblem::toString)
                .containsExactly("data/orders.csv:1:2: column __suffix is a promptfoo option that prompt-eval does"
                                + " not support; put the text into the prompt template instead",
                        "data/orders.csv:1:3: unknown reserved column \"__other\"; reserved columns are "
                                + Header.RESERVED_LIST + ", and a template variable may not start with __");
    }
}
