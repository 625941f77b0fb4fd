package dev.prompteval.internal.dataset;

import dev.prompteval.dataset.Assertion;
import dev.prompteval.dataset.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.prompteval.internal.dataset.Fixtures.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetReadingTest {
    @TempDir
    Path dir;

    @Test
    void ordinaryColumnsAreVariablesInHeaderOrder() throws IOException {
        List<Row> rows = rows(dir, "question,context,__expected\nCapital of France?,Europe,Paris\n");

        assertThat(rows).hasSize(1);
        Row row = rows.get(0);
        assertThat(row.variables()).containsExactly(Map.entry("question", "Capital of France?"),
                Map.entry("context", "Europe"));
        assertThat(row.id()).isEqualTo("1");
        assertThat(row.rowNumber()).isEqualTo(1);
        assertThat(row.line()).isEqualTo(2);
        assertThat(row.assertions()).containsExactly(new Assertion("equals", false, null, "Paris", 1.0,
                "__expected"));
    }

    @Test
    void byteOrderMarkIsIgnored() throws IOException {
        List<Row> rows = rows(dir, "\uFEFFquestion,__id\nhi,r1\n");

        assertThat(rows.get(0).variables()).containsOnlyKeys("question");
        assertThat(rows.get(0).id()).isEqualTo("r1");
    }

    @Test
    void quotedCellsHoldCommasQuotesAndLineBreaks() throws IOException {
        List<Row> rows = rows(dir, "a,b\n\"x, y\",\"she said \"\"hi\"\"\"\n\"line 1\nline 2\",\"\"\n");

        assertThat(rows.get(0).variables()).containsExactly(Map.entry("a", "x, y"),
                Map.entry("b", "she said \"hi\""));
        assertThat(rows.get(1).variables()).containsExactly(Map.entry("a", "line 1\nline 2"), Map.entry("b", ""));
    }

    @Test
    void lineIsWhereTheRecordStartsAcrossMultiLineCellsAndBlankLines() throws IOException {
        String csv = "question,__expected\n"            // line 1
                + "one,a\n"                              // line 2
                + "\"two\nspans\nthree lines\",b\n"      // lines 3-5
                + "\n"                                   // line 6, blank
                + "three,\"contains:x\ny\"\n"            // lines 7-8
                + "four,d";                              // line 9, no final line break
        List<Row> rows = rows(dir, csv);

        assertThat(rows).extracting(Row::line).containsExactly(2L, 3L, 7L, 9L);
        assertThat(rows).extracting(Row::rowNumber).containsExactly(1L, 2L, 3L, 4L);
        assertThat(rows.get(1).variables().get("question")).isEqualTo("two\nspans\nthree lines");
        assertThat(rows.get(2).assertions().get(0).value()).isEqualTo("x\ny");
    }

    @Test
    void crlfLineBreaksCountOnceAndStayInsideQuotedCells() throws IOException {
        List<Row> rows = rows(dir, "q,__id\r\n\"a\r\nb\",r1\r\nc,r2\r\n");

        assertThat(rows).extracting(Row::line).containsExactly(2L, 4L);
        assertThat(rows.get(0).variables().get("q")).isEqualTo("a\r\nb");
    }

    @Test
    void reservedColumnsFillTheRow() throws IOException {
        String csv = " question ,__id,__expected,__expected2,__expected3,__description,__metric,__threshold,"
                + "__metadata:category,__metadata:sources[],__tags,__cluster,__config:__expected2:threshold\n"
                + "Capital?, q-1 ,Paris,contains:Par,,Capital of France, accuracy ,0.75,geo,\"wiki, atlas\","
                + "\" critical, smoke,,\",c7,0.6\n"
                + "Other?,q-2,,,,,,,,,,,\n";
        List<Row> rows = rows(dir, csv);

        Row row = rows.get(0);
        assertThat(row.variables()).containsExactly(Map.entry("question", "Capital?"));
        assertThat(row.id()).isEqualTo("q-1");
        assertThat(row.assertions()).containsExactly(
                new Assertion("equals", false, null, "Paris", 1.0, "__expected"),
                new Assertion("contains", false, 0.6, "Par", 1.0, "__expected2"));
        assertThat(row.description()).isEqualTo("Capital of France");
        assertThat(row.metric()).isEqualTo("accuracy");
        assertThat(row.threshold()).isEqualTo(0.75);
        assertThat(row.metadata()).containsExactly(Map.entry("category", "geo"),
                Map.entry("sources", "wiki, atlas"));
        assertThat(row.tags()).containsExactly("critical", "smoke");
        assertThat(row.critical()).isTrue();
        assertThat(row.cluster()).isEqualTo("c7");
        assertThat(row.displayName()).isEqualTo("[q-1] Capital of France");

        Row blank = rows.get(1);
        assertThat(blank.assertions()).isEmpty();
        assertThat(blank.description()).isNull();
        assertThat(blank.metric()).isNull();
        assertThat(blank.threshold()).isNull();
        assertThat(blank.metadata()).isEmpty();
        assertThat(blank.tags()).isEmpty();
        assertThat(blank.cluster()).isNull();
    }

    @Test
    void rowsStreamAndClosingTheStreamClosesTheReader() throws IOException {
        Dataset dataset = Fixtures.dataset(dir, "q\na\nb\nc\n");
        RowReader reader = dataset.rows();
        try (Stream<Row> stream = reader.stream()) {
            assertThat(stream.map(r -> r.variables().get("q")).limit(2)).containsExactly("a", "b");
        }
        assertThat(reader.hasNext()).isFalse();
    }

    @Test
    void readerStopsAtTheFirstBadRowWithItsLocation() throws IOException {
        Dataset dataset = Fixtures.dataset(dir, "q,__expected\na,contains:x\nb,containz:y\nc,contains:z\n");
        try (RowReader reader = dataset.rows()) {
            assertThat(reader.next().variables().get("q")).isEqualTo("a");
            assertThatThrownBy(reader::next)
                    .isInstanceOf(DatasetException.class)
                    .hasMessageStartingWith("data/orders.csv:3:2: unknown assertion type \"containz\"");
        }
    }

    @Test
    void readerRefusesAHeaderWithProblems() throws IOException {
        Dataset dataset = Fixtures.dataset(dir, "q,__prefix\na,b\n");

        assertThatThrownBy(dataset::rows)
                .isInstanceOf(DatasetException.class)
                .hasMessage("data/orders.csv:1:2: column __prefix is a promptfoo option that prompt-eval does not "
                        + "support; put the text into the prompt template instead");
    }

    @Test
    void missingFileIsAnErrorNamingIt() {
        assertThatThrownBy(() -> Dataset.open(dir.resolve("nope.csv"), "data/nope.csv", Fixtures.TYPES))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith("dataset data/nope.csv does not exist or is not a readable file (")
                .hasMessageEndingWith("); check the dataset path");
    }

    @Test
    void contentHashIsTheSha256OfTheFileBytes() throws IOException {
        Path file = Fixtures.write(dir, "abc.csv", "abc");
        // SHA-256("abc") from FIPS 180-2, appendix B.1.
        assertThat(Dataset.open(file, Fixtures.TYPES).contentHash())
                .isEqualTo("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void contentHashCoversFilesLargerThanOneBuffer() throws IOException {
        Path file = dir.resolve("zeros.csv");
        Files.write(file, new byte[200_000]);
        // Computed independently: head -c 200000 /dev/zero | sha256sum
        assertThat(Dataset.open(file, Fixtures.TYPES).contentHash())
                .isEqualTo("sha256:4cbbd9be0cba685835755f827758705db5a413c5494c34262cd25946a73e7582");
    }
}
