package dev.prompteval.internal.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prompteval.dataset.Assertion;
import dev.prompteval.internal.score.RowScore;
import dev.prompteval.provider.Usage;
import dev.prompteval.score.AssertionResult;
import dev.prompteval.score.Score;
import dev.prompteval.template.ModelSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

import static dev.prompteval.internal.run.RunFixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunJournalTest {
    @TempDir
    Path dir;

    private final RowScore scored = new RowScore(0.75, false, "1 of 2 assertions failed",
            List.of(new AssertionResult(new Assertion("contains", false, null, "Paris", 1.0, "__expected"),
                            Score.pass("contains \"Paris\"")),
                    new AssertionResult(new Assertion("levenshtein", true, 0.8, "hello", 3.0, "__expected2"),
                            new Score(0.6667, false, "distance 1 of 3"))),
            Map.of("tone", 0.5));
    private final SampleResult success = new SampleResult("r1", 0, "Paris, \"France\"\nline two", scored, null,
            new Usage(120, 30, 0.000123), 812, false);
    private final SampleResult other = new SampleResult("r1", 1, "Lyon", scored, null, Usage.UNKNOWN, 0, true);
    private final SampleResult failed = SampleResult.error("r2", 0, "SERVER (HTTP 503) after 4 attempts: overloaded",
            4012);

    @Test
    void resultsComeBackExactlyAsWrittenAndErrorsAreNotTakenAsDone() {
        Path file = dir.resolve("j.jsonl");
        try (var journal = RunJournal.open(file, spec(2))) {
            journal.append(success);
            journal.append(other);
            journal.append(failed);
        }

        try (var reopened = RunJournal.open(file, spec(2))) {
            assertThat(reopened.completed("r1", 0)).isEqualTo(success);
            assertThat(reopened.completed("r1", 1)).isEqualTo(other);
            assertThat(reopened.completed("r2", 0)).isNull();
            assertThat(reopened.completedCount()).isEqualTo(2);
            assertThat(reopened.warnings()).isEmpty();
        }
    }

    @Test
    void theLastLineOfARowDecidesAndResultsAreReadBackWhileTheResumedRunAppends() {
        Path file = dir.resolve("j.jsonl");
        var retried = new SampleResult("r2", 0, "Nice", scored, null, Usage.UNKNOWN, 40, false);
        var erroredLater = SampleResult.error("r1", 1, "TIMEOUT after 4 attempts", 9000);
        try (var journal = RunJournal.open(file, spec(2))) {
            journal.append(success);
            journal.append(failed);
            journal.append(retried); // r2 errored, then succeeded: done
            journal.append(other);
            journal.append(erroredLater); // r1#1 succeeded, then errored: run again
        }

        try (var reopened = RunJournal.open(file, spec(2))) {
            assertThat(reopened.completedCount()).isEqualTo(2);
            // the resumed run appends as it reads the earlier results back
            reopened.append(new SampleResult("r1", 1, "Lyon again", scored, null, Usage.UNKNOWN, 5, false));
            assertThat(reopened.completed("r1", 0)).isEqualTo(success);
            assertThat(reopened.completed("r2", 0)).isEqualTo(retried);
            assertThat(reopened.completed("r1", 1)).isNull();
            assertThat(reopened.completed("r3", 0)).isNull();
        }
    }

    @Test
    void eachResultIsOneJsonLineAfterAHeaderDescribingTheRun() throws IOException {
        Path file = dir.resolve("j.jsonl");
        try (var journal = RunJournal.open(file, spec(2))) {
            journal.append(success);
            journal.append(failed);
        }

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        var json = new ObjectMapper();
        JsonNode header = json.readTree(lines.get(0));
        assertThat(header.get("journal").asText()).isEqualTo("prompt-eval run journal 1");
        assertThat(header.get("key").asText()).isEqualTo(spec(2).journalKey());
        assertThat(header.get("suite").asText()).isEqualTo("echo-suite");
        assertThat(header.get("contentHash").asText()).isEqualTo(RunFixtures.TEMPLATE.contentHash());
        assertThat(header.get("model").get("name").asText()).isEqualTo("gpt-test");
        assertThat(header.get("repeat").asInt()).isEqualTo(2);
        JsonNode first = json.readTree(lines.get(1));
        assertThat(first.get("rowId").asText()).isEqualTo("r1");
        assertThat(first.get("sample").asInt()).isZero();
        assertThat(first.get("output").asText()).isEqualTo("Paris, \"France\"\nline two");
        assertThat(first.get("score").get("assertions").get(1).get("assertion").get("type").asText())
                .isEqualTo("levenshtein");
        assertThat(first.get("usage").get("inputTokens").asLong()).isEqualTo(120);
        assertThat(first.get("latencyMs").asLong()).isEqualTo(812);
        JsonNode second = json.readTree(lines.get(2));
        assertThat(second.get("error").asText()).isEqualTo("SERVER (HTTP 503) after 4 attempts: overloaded");
        assertThat(second.get("output").isNull()).isTrue();
    }

    @Test
    void aLastLineCutOffByACrashIsDroppedWithAWarningAndTheFileRepaired() throws IOException {
        Path file = dir.resolve("j.jsonl");
        try (var journal = RunJournal.open(file, spec(2))) {
            journal.append(success);
            journal.append(other);
        }
        long intact = Files.size(file);
        Files.writeString(file, "{\"rowId\":\"r2\",\"sample\":0,\"outp", StandardOpenOption.APPEND);

        try (var reopened = RunJournal.open(file, spec(2))) {
            assertThat(reopened.warnings()).containsExactly("run journal " + file + ": line 4 was cut off (an earlier"
                    + " run stopped while writing it) and is dropped; its (row, sample) will be run again");
            assertThat(reopened.completedCount()).isEqualTo(2);
            assertThat(Files.size(file)).isEqualTo(intact);
            reopened.append(failed);
        }
        try (var again = RunJournal.open(file, spec(2))) {
            assertThat(again.warnings()).isEmpty();
            assertThat(again.completedCount()).isEqualTo(2);
            assertThat(Files.readAllLines(file)).hasSize(4);
        }
    }

    @Test
    void aGarbledLastLineIsTreatedAsCutOffToo() throws IOException {
        Path file = dir.resolve("j.jsonl");
        try (var journal = RunJournal.open(file, spec(1))) {
            journal.append(success);
        }
        Files.write(file, new byte[] {0, 0, 0, '\n'}, StandardOpenOption.APPEND);

        try (var reopened = RunJournal.open(file, spec(1))) {
            assertThat(reopened.warnings()).singleElement().asString().contains("line 3 was cut off");
            assertThat(reopened.completed("r1", 0)).isEqualTo(success);
        }
    }

    @Test
    void aDamagedLineBeforeTheEndIsAnErrorNamingTheFileAndLine() throws IOException {
        Path file = dir.resolve("j.jsonl");
        try (var journal = RunJournal.open(file, spec(2))) {
            journal.append(success);
            journal.append(other);
        }
        var lines = new java.util.ArrayList<>(Files.readAllLines(file));
        lines.add(2, "{\"rowId\": oops}");
        Files.write(file, lines);

        assertThatThrownBy(() -> RunJournal.open(file, spec(2)))
                .isInstanceOf(RunJournalException.class)
                .hasMessageStartingWith("run journal " + file + " is damaged: line 3 is not a result (")
                .hasMessageEndingWith("). Only a last line cut off by a crash is repaired; delete the file to run"
                        + " the suite afresh");
    }

    @Test
    void aJournalOfAnotherRunIsRefused() {
        Path file = dir.resolve("j.jsonl");
        try (var journal = RunJournal.open(file, spec(1))) {
            journal.append(success);
        }

        assertThatThrownBy(() -> RunJournal.open(file, spec(3)))
                .isInstanceOf(RunJournalException.class)
                .hasMessage("run journal " + file + " belongs to another run (key " + spec(1).journalKey()
                        + "; this run's prompt, dataset, model and repeat give " + spec(3).journalKey()
                        + "); open the journal at RunJournal.fileFor(outputDir, spec), or delete this file");
    }

    @Test
    void theFileIsNamedBySuiteAndByEverythingThatDecidesTheResults() {
        Path out = Path.of("target", "prompt-eval");
        var base = spec(1);
        Path file = RunJournal.fileFor(out, base);

        assertThat(file.getParent()).isEqualTo(out.resolve("journal").resolve("echo-suite"));
        assertThat(file.getFileName().toString()).matches("[0-9a-f]{64}\\.jsonl");
        assertThat(RunJournal.fileFor(out, spec(2))).isNotEqualTo(file);
        var otherModel = new RunSpec(base.suite(), base.promptName(), base.reference(), base.version(),
                base.template(), new ModelSpec("openai", "gpt-test", Map.of("temperature", 0.7)), base.datasetHash(),
                1);
        assertThat(RunJournal.fileFor(out, otherModel)).isNotEqualTo(file);
        var otherData = new RunSpec(base.suite(), base.promptName(), base.reference(), base.version(),
                base.template(), base.model(), "sha256:other", 1);
        assertThat(RunJournal.fileFor(out, otherData)).isNotEqualTo(file);
        var slashed = new RunSpec("../orders/summary", base.promptName(), base.reference(), base.version(),
                base.template(), base.model(), base.datasetHash(), 1);
        assertThat(RunJournal.fileFor(out, slashed).getParent())
                .isEqualTo(out.resolve("journal").resolve("..%2Forders%2Fsummary"));
    }

    @Test
    void aDisabledJournalRecordsAndResumesNothing() {
        var journal = RunJournal.disabled();
        journal.append(success);
        assertThat(journal.completed("r1", 0)).isNull();
        assertThat(journal.file()).isNull();
    }
}
