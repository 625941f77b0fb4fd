package dev.prompteval.junit;

import dev.prompteval.gate.Decision;
import dev.prompteval.junit.JUnitSuiteResult.RowOutcome;
import dev.prompteval.junit.JUnitSuiteResult.SampleOutcome;
import dev.prompteval.junit.JUnitSuiteResult.VersionResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JUnitSuiteResultFileTest {
    @TempDir
    Path outputDir;

    /** The document as the plugin reads it: this literal is the format's contract. */
    private static final String DOCUMENT = """
            {
              "formatVersion" : 1,
              "suite" : "Triage.classifies",
              "testClass" : "com.acme.Triage",
              "testMethod" : "classifies",
              "prompt" : "support/triage",
              "decision" : "FAIL",
              "blocking" : true,
              "violations" : [ "Triage.classifies: pass rate is 0.50 [0.20, 0.80], but baseline is 1.00" ],
              "warnings" : [ ],
              "notes" : [ ],
              "datasetHash" : "sha256:d1",
              "candidate" : {
                "reference" : "file:src/main/prompts/triage.json", "version" : null, "contentHash" : "sha256:c1",
                "provider" : "openai", "model" : "gpt-4o-mini", "complete" : true,
                "rows" : [ { "id" : "t1", "description" : "refund", "score" : 0.0, "passRate" : 0.0, "pass" : false,
                             "samples" : [ { "sample" : 0, "output" : "billing", "score" : 0.0, "pass" : false,
                                             "reason" : "test failed: expected returns", "error" : null,
                                             "namedScores" : { "tone" : 0.5 }, "latencyMs" : 120, "cached" : false,
                                             "inputTokens" : 40, "outputTokens" : 3, "costUsd" : 1.2E-5 } ] } ]
              },
              "baseline" : null
            }
            """;

    private static JUnitSuiteResult result(String suite) {
        var sample = new SampleOutcome(0, "billing", 0.0, false, "test failed: expected returns", null,
                Map.of("tone", 0.5), 120, false, 40, 3, 1.2e-5);
        var candidate = new VersionResult("file:src/main/prompts/triage.json", null, "sha256:c1", "openai",
                "gpt-4o-mini", true, List.of(new RowOutcome("t1", "refund", 0.0, 0.0, false, List.of(sample))));
        return new JUnitSuiteResult(JUnitSuiteResult.FORMAT_VERSION, suite, "com.acme.Triage", "classifies",
                "support/triage", Decision.FAIL, true,
                List.of("Triage.classifies: pass rate is 0.50 [0.20, 0.80], but baseline is 1.00"), List.of(),
                List.of(), "sha256:d1", candidate, null);
    }

    @Test
    void readsTheDocumentedShape() throws Exception {
        Path file = JUnitSuiteResultFile.fileFor(outputDir, "Triage.classifies");
        Files.createDirectories(file.getParent());
        Files.writeString(file, DOCUMENT);

        assertThat(JUnitSuiteResultFile.read(file)).isEqualTo(result("Triage.classifies"));
        assertThat(file).isEqualTo(outputDir.resolve("junit/Triage.classifies.json"));
    }

    @Test
    void writesWhatItReadsAndListsEverySuiteByName() {
        JUnitSuiteResultFile.write(JUnitSuiteResultFile.fileFor(outputDir, "b"), result("b"));
        JUnitSuiteResultFile.write(JUnitSuiteResultFile.fileFor(outputDir, "a"), result("a"));

        assertThat(JUnitSuiteResultFile.readAll(outputDir)).containsExactly(result("a"), result("b"));
    }

    @Test
    void noResultsYetIsAnEmptyList() {
        assertThat(JUnitSuiteResultFile.readAll(outputDir.resolve("nothing-here"))).isEmpty();
    }

    @Test
    void anotherFormatVersionIsRefusedNamingTheFile() throws Exception {
        Path file = outputDir.resolve("x.json");
        Files.writeString(file, DOCUMENT.replace("\"formatVersion\" : 1", "\"formatVersion\" : 2"));

        assertThatThrownBy(() -> JUnitSuiteResultFile.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the @PromptEval result " + file + " has format version 2, but this reader knows version 1;"
                        + " run the tests again with the same prompt-eval version as the plugin");
    }

    @Test
    void aDamagedFileIsRefusedNamingIt() throws Exception {
        Path file = outputDir.resolve("x.json");
        Files.writeString(file, DOCUMENT.substring(0, 200));

        assertThatThrownBy(() -> JUnitSuiteResultFile.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the @PromptEval result " + file + " is not a result document (")
                .hasMessageEndingWith("); delete it and run the tests again");
    }
}
