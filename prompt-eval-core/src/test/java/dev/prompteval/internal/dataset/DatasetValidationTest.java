package dev.prompteval.internal.dataset;

import dev.prompteval.internal.template.PromptTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.prompteval.internal.dataset.Fixtures.prompt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetValidationTest {
    private static final PromptTemplate ASK = prompt("prompts/ask.json", "Answer: {question}");

    @TempDir
    Path dir;

    private DatasetValidation validate(String csv, PromptTemplate... templates) throws IOException {
        return Fixtures.dataset(dir, csv).validate(List.of(templates));
    }

    private List<String> problems(String csv, PromptTemplate... templates) throws IOException {
        return validate(csv, templates).problems().stream().map(DatasetProblem::toString).toList();
    }

    @Test
    void aValidDatasetHasNoProblems() throws IOException {
        DatasetValidation validation = validate("question,__id,__expected\nHi?,a,contains:hi\nBye?,b,\n", ASK);

        assertThat(validation.ok()).isTrue();
        assertThat(validation.rows()).isEqualTo(2);
        assertThat(validation.report()).isEqualTo("dataset data/orders.csv: 2 rows, no problems");
        validation.throwIfInvalid();
    }

    @Test
    void missingVariableNamesPromptVariableRowsAndWhatToDo() throws IOException {
        PromptTemplate summarize = prompt("prompts/summarize.json", "{tier}: {question}");

        assertThat(problems("question\n\"multi\nline\"\nb\n", ASK, summarize)).containsExactly(
                "data/orders.csv:2: prompt prompts/summarize.json needs variable \"tier\", but the dataset has no"
                        + " \"tier\" column (missing in 2 of 2 rows, first in row 1); add a \"tier\" column to the"
                        + " dataset, or remove the variable from the prompt");
    }

    @Test
    void aReservedColumnIsNotAVariable() throws IOException {
        PromptTemplate usesId = prompt("prompts/p.json", "{__id}");

        assertThat(problems("question,__id\na,x\n", usesId)).containsExactly(
                "data/orders.csv:2: prompt prompts/p.json needs variable \"__id\", but \"__id\" is a reserved column,"
                        + " which prompts do not see (missing in 1 of 1 rows, first in row 1); add a \"__id\" column"
                        + " to the dataset, or remove the variable from the prompt");
    }

    @Test
    void aPromptThatCannotBeRenderedIsReportedOnce() throws IOException {
        PromptTemplate broken = prompt("prompts/broken.json", "Hello } {question}");

        assertThat(problems("question\na\nb\n", broken)).containsExactly(
                "data/orders.csv:2: row 1 cannot be checked against the prompt: prompt prompts/broken.json, message"
                        + " 1 (user), line 1, column 7: single \"}\"; write }} for a literal brace");
    }

    @Test
    void duplicateIdNamesBothLines() throws IOException {
        String csv = "question,__id\na,x1\nb,x2\n\"c\nc\",x1\nd,x1\ne, x2 \n";

        assertThat(problems(csv, ASK)).containsExactly(duplicate(4, "x1", 2), duplicate(6, "x1", 2),
                duplicate(7, "x2", 3));
    }

    private static String duplicate(int line, String id, int earlier) {
        return "data/orders.csv:" + line + ":2: duplicate __id \"" + id + "\": line " + earlier + " has it too; give"
                + " every row its own id (ids pair baseline and candidate results)";
    }

    @Test
    void emptyIdIsAProblem() throws IOException {
        assertThat(problems("question,__id\na,  \n", ASK)).containsExactly(
                "data/orders.csv:2:2: row 1 has an empty __id; give every row a unique id (it pairs baseline and"
                        + " candidate results), or delete the __id column to key rows by row number");
    }

    @Test
    void unknownAssertionTypeNamesFileLineColumnHeaderAndValue() throws IOException {
        String csv = "question,__expected,__expected2\na,contains:x,\nb,,containz:Paris\n";

        assertThat(problems(csv, ASK)).containsExactly(
                "data/orders.csv:3:3: unknown assertion type \"containz\" in column __expected2; valid types: "
                        + String.join(", ", Fixtures.NAMES) + " (each may start with not-), or java:<class> for a"
                        + " custom scorer; to expect the text literally, write \"equals:containz:Paris\"");
    }

    @Test
    void malformedThresholdsInCellsColumnsAndConfig() throws IOException {
        String csv = "question,__expected,__threshold,__config:__expected:threshold\n"
                + "a,levenshtein(abc):x,,\n"
                + "b,,high,\n"
                + "c,,1.5,\n"
                + "d,contains:x,,0,7\n";

        assertThat(problems(csv, ASK)).containsExactly(
                "data/orders.csv:2:2: malformed threshold in \"levenshtein(abc):x\" (column __expected): \"abc\" is"
                        + " not a number; write a number from 0 to 1, e.g. \"levenshtein(0.8):x\"",
                "data/orders.csv:3:3: malformed __threshold: \"high\" is not a number; write a number from 0 to 1,"
                        + " e.g. 0.8",
                "data/orders.csv:4:3: __threshold 1.5 is outside 0..1; scores are on the 0..1 scale, so write e.g."
                        + " 0.8 for 80%",
                "data/orders.csv:5: row 4 has 5 cells but the header has 4 columns; add the missing commas or quote"
                        + " cells that contain commas (\"a, b\")");
    }

    @Test
    void malformedConfigThreshold() throws IOException {
        assertThat(problems("question,__expected,__config:__expected:threshold\na,contains:x,\"0,7\"\n", ASK))
                .containsExactly("data/orders.csv:2:3: malformed __config:__expected:threshold: \"0,7\" is not a"
                        + " number; write a number from 0 to 1, e.g. 0.8");
    }

    @Test
    void unterminatedQuoteIsReportedAtTheLineItStarts() throws IOException {
        String csv = "question,__expected\na,contains:x\n\"b,contains:y\nc,contains:z\n";
        DatasetValidation validation = validate(csv, ASK);

        assertThat(validation.problems()).extracting(DatasetProblem::toString).containsExactly(
                "data/orders.csv:3: cannot read the CSV record starting here ((startline 3) EOF reached before encapsulated token finished); a cell containing a comma,"
                        + " a double quote or a line break must be enclosed in double quotes, with each double quote"
                        + " inside it written twice (\"\"); check that every quoted cell is closed");
        assertThat(validation.rows()).isEqualTo(1);
    }

    @Test
    void textAfterAClosingQuoteIsReportedWithItsLine() throws IOException {
        List<String> problems = problems("question\na\n\"b\"x\nc\n", ASK);

        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).startsWith("data/orders.csv:3: cannot read the CSV record starting here (")
                .contains("Invalid character between encapsulated token and delimiter");
    }

    @Test
    void bytesThatAreNotUtf8AreReportedInTheirCell() throws IOException {
        Path file = dir.resolve("latin1.csv");
        byte[] latin1 = "question,__expected\na,contains:x\nb,caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(file, latin1);
        DatasetValidation validation = Dataset.open(file, "data/latin1.csv", Fixtures.TYPES).validate(ASK);

        assertThat(validation.problems()).extracting(DatasetProblem::toString).containsExactly(
                "data/latin1.csv:3:2: column __expected holds bytes that are not UTF-8 (shown as \uFFFD):"
                        + " \"caf\uFFFD\"; save the file as UTF-8 (in Excel: \"CSV UTF-8\")");
    }

    @Test
    void emptyFile() throws IOException {
        assertThat(problems("\n\n", ASK)).containsExactly("data/orders.csv:1: the file is empty; a dataset starts"
                + " with a header row naming its columns, e.g. question,__expected");
    }

    @Test
    void headerWithoutRows() throws IOException {
        assertThat(problems("question,__expected\n", ASK)).containsExactly("data/orders.csv:1: the dataset has a"
                + " header but no rows; add rows below the header");
    }

    @Test
    void everyHeaderProblemAtOnce() throws IOException {
        String csv = "\nquestion, ,question,__prefix,__suffix,__providerOutput,__foo,__metadata,_expected,"
                + "__config:__expected:weight,__config:__expected9:threshold,__config:question:threshold\n"
                + "q,,,,,,,,,,,\n";

        assertThat(problems(csv, ASK)).containsExactly(
                "data/orders.csv:2:2: header column 2 has no name; name every column (a template variable or a"
                        + " reserved column such as __expected), or delete the empty column",
                "data/orders.csv:2:3: duplicate column name \"question\" (also column 1); rename or remove one of"
                        + " them",
                "data/orders.csv:2:4: column __prefix is a promptfoo option that prompt-eval does not support; put"
                        + " the text into the prompt template instead",
                "data/orders.csv:2:5: column __suffix is a promptfoo option that prompt-eval does not support; put"
                        + " the text into the prompt template instead",
                "data/orders.csv:2:6: column __providerOutput is a promptfoo option that prompt-eval does not"
                        + " support; prompt-eval always calls the model; use a recorded provider for fixed outputs",
                "data/orders.csv:2:7: unknown reserved column \"__foo\"; reserved columns are " + Header.RESERVED_LIST
                        + ", and a template variable may not start with __",
                "data/orders.csv:2:8: column \"__metadata\" needs a key after __metadata:, e.g. __metadata:category",
                "data/orders.csv:2:9: column \"_expected\" has a single underscore; did you mean \"__expected\"?"
                        + " Reserved columns start with two underscores",
                "data/orders.csv:2:10: column \"__config:__expected:weight\" is not supported; the only __config"
                        + " column is __config:__expected<N>:threshold (a threshold for the assertion in"
                        + " __expected<N>)",
                "data/orders.csv:2:11: column __config:__expected9:threshold configures column __expected9, but the"
                        + " header has no such column; add it or remove __config:__expected9:threshold",
                "data/orders.csv:2:12: column __config:question:threshold configures column question, which is not"
                        + " an __expected column; name one, e.g. __config:__expected:threshold");
    }

    @Test
    void problemsOfHeaderAndRowsAreReportedTogetherInLineOrder() throws IOException {
        String csv = "question,__id,__expected,__bogus\n"
                + "a,1,containz:x,\n"
                + "b,1,levenshtein(2):y,\n"
                + "c,2,contains:z\n";
        PromptTemplate needsTier = prompt("prompts/p.json", "{tier} {question}");
        DatasetValidation validation = validate(csv, needsTier);

        assertThat(validation.problems()).extracting(p -> p.line() + ":" + p.column()).containsExactly(
                "1:4", "2:null", "2:3", "3:2", "3:3", "4:null");
        assertThat(validation.problemCount()).isEqualTo(6);
        assertThat(validation.rows()).isEqualTo(3);
        assertThatThrownBy(validation::throwIfInvalid)
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith("dataset data/orders.csv: 6 problems in 3 rows\ndata/orders.csv:1:4: ")
                .satisfies(e -> assertThat(((DatasetException) e).located()).hasSize(6));
    }

    @Test
    void onlyTheFirstHundredProblemsAreListed() throws IOException {
        var csv = new StringBuilder("question,__expected\n");
        for (int i = 0; i < 150; i++) csv.append("q,containz:").append(i).append('\n');
        DatasetValidation validation = validate(csv.toString(), ASK);

        assertThat(validation.problemCount()).isEqualTo(150);
        assertThat(validation.problems()).hasSize(DatasetValidation.LISTED);
        assertThat(validation.problems().get(99).line()).isEqualTo(101);
        assertThat(validation.report()).startsWith("dataset data/orders.csv: 150 problems in 150 rows\n")
                .endsWith("\n... and 50 more (only the first 100 are listed)");
    }
}
