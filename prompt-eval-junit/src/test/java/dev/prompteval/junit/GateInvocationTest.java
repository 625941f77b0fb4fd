package dev.prompteval.junit;

import dev.prompteval.gate.Decision;
import dev.prompteval.internal.report.Reports;
import dev.prompteval.internal.run.RowResult;
import dev.prompteval.internal.suite.SuiteResult;
import dev.prompteval.report.GateFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.opentest4j.AssertionFailedError;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.prompteval.junit.TestProject.CANDIDATE;
import static dev.prompteval.junit.TestProject.PROMPT;
import static dev.prompteval.junit.TestProject.failures;
import static dev.prompteval.junit.TestProject.names;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The {@code gate} invocation: the suite's decision as a test outcome, and the result file for the build. */
class GateInvocationTest {
    /**
     * Every row passes its levenshtein(0.5) assertion with {@code answer} and with {@code near}, but {@code near} is
     * less similar: a lower score on every row, the same pass rate.
     */
    static final String CAPITALS = """
            __id,__description,answer,near,__expected
            c1,France,Paris,Pariss,levenshtein(0.5):Paris
            c2,Germany,Berlin,Berlim,levenshtein(0.5):Berlin
            c3,Italy,Rome,Rom,levenshtein(0.5):Rome
            c4,Spain,Madrid,Madri,levenshtein(0.5):Madrid
            c5,Portugal,Lisbon,Lisboa,levenshtein(0.5):Lisbon
            c6,Austria,Vienna,Wien,levenshtein(0.5):Vienna
            c7,Poland,Warsaw,Warszawa,levenshtein(0.5):Warsaw
            c8,Greece,Athens,Athina,levenshtein(0.5):Athens
            """;

    @TempDir
    Path dir;
    TestProject project;

    @BeforeEach
    void setUp() {
        project = new TestProject(dir).write("datasets/capitals.csv", CAPITALS);
    }

    static class Capitals extends EchoTarget {
        @PromptEval(prompt = PROMPT, candidate = CANDIDATE, dataset = "datasets/capitals.csv")
        void answers(PromptOutput output) {
            assertThat(output.passed()).isTrue();
        }
    }

    @Test
    void theSuitesPlanIsPublishedBeforeAnyRowRuns() {
        EngineExecutionResults results = project.run(Capitals.class);

        var entries = results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getPayload(org.junit.platform.engine.reporting.ReportEntry.class).orElseThrow())
                .flatMap(entry -> entry.getKeyValuePairs().entrySet().stream()).toList();
        assertThat(entries).filteredOn(e -> e.getKey().equals("prompt-eval.plan")).singleElement()
                .satisfies(e -> assertThat(e.getValue()).startsWith("suite Capitals.answers: plan: 2 versions x 8 "
                        + "rows x 1 sample: answers come from the test class's target, no model calls; at best an "
                        + "unchanged prompt is shown within "));
        // eight rows cannot resolve a 2-point margin even if every answer repeats exactly
        assertThat(entries).filteredOn(e -> e.getKey().equals("prompt-eval.plan-warning")).singleElement()
                .satisfies(e -> assertThat(e.getValue()).startsWith("suite Capitals.answers: maxRegression 2.0 points"
                        + " is below what these 8 rows can show"));
    }

    @Test
    void aRegressionFailsTheGateEvenThoughEveryRowPassed() {
        project.candidate("{near}");

        EngineExecutionResults results = project.run(Capitals.class);

        assertThat(names(results)).hasSize(9).endsWith("gate");
        assertThat(failures(results)).containsOnlyKeys("gate");
        Throwable gate = failures(results).get("gate");
        assertThat(gate).isInstanceOf(AssertionFailedError.class);
        assertThat(gate.getMessage()).startsWith("suite Capitals.answers: the gate says FAIL\n  - Capitals.answers: "
                + "score is ").contains("but baseline is 1.00 and the allowed regression is 0.02");

        GateFile.Suite result = project.result("Capitals.answers");
        assertThat(result.decision()).isEqualTo(Decision.FAIL);
        assertThat(result.blocking()).isTrue();
        assertThat(result.violations()).hasSize(1).allSatisfy(v -> assertThat(gate.getMessage()).contains(v));
        // Pariss against Paris: edit distance 1, longer length 6, similarity 5/6.
        SuiteResult kept = project.kept("Capitals.answers");
        RowResult c1 = kept.candidate().rows().get(0);
        assertThat(c1.meanScore()).isCloseTo(5.0 / 6, within(1e-12));
        assertThat(c1.passRate()).isEqualTo(1.0);
        assertThat(c1.samples().get(0).output()).isEqualTo("Pariss");
        assertThat(kept.baseline().rows().get(0).meanScore()).isEqualTo(1.0);
    }

    @Test
    void withoutARegressionTheGateDoesNotBlockAndTheResultDescribesBothVersions() throws Exception {
        EngineExecutionResults results = project.run(Capitals.class);

        results.testEvents().assertStatistics(s -> s.started(9).succeeded(9));
        GateFile.Suite result = project.result("Capitals.answers");
        assertThat(result.name()).isEqualTo("Capitals.answers");
        assertThat(result.source()).isEqualTo("@PromptEval " + Capitals.class.getName() + "#answers");
        assertThat(result.prompt()).isEqualTo(PROMPT);
        // Eight identical rows cannot show the 2-point margin, so INCONCLUSIVE; under the default policy it does not
        // block, and the gate invocation succeeds.
        assertThat(result.decision()).isEqualTo(Decision.INCONCLUSIVE);
        assertThat(result.blocking()).isFalse();
        assertThat(result.violations()).isEmpty();
        assertThat(result.datasetHash()).startsWith("sha256:");
        assertThat(result.candidate().reference()).isEqualTo(CANDIDATE);
        assertThat(result.candidate().version()).isNull();
        assertThat(result.candidate().contentHash()).startsWith("sha256:");
        assertThat(result.candidate().provider()).isEqualTo("junit-target " + EchoTarget.class.getName() + "#answer");
        assertThat(result.candidate().model()).isEqualTo("stub-model");
        assertThat(result.candidate().complete()).isTrue();
        assertThat(result.baseline().reference()).isEqualTo("label:prod");
        assertThat(result.baseline().version()).isEqualTo(1);
        // Both versions have the same content here, so the same hash.
        assertThat(result.baseline().contentHash()).isEqualTo(result.candidate().contentHash());
        assertThat(result.candidate().rows()).isEqualTo(8);
        SuiteResult kept = project.kept("Capitals.answers");
        assertThat(kept.candidate().rows()).extracting(RowResult::id)
                .containsExactly("c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8");
        assertThat(kept.candidate().rows().get(5).row().description()).isEqualTo("Austria");
        assertThat(kept.candidate().rows()).allSatisfy(r -> assertThat(r.passRate()).isEqualTo(1.0));
        // The suite is in every report of the build, as a POM suite would be.
        Path output = project.outputDir();
        // Eight identical rows cannot show the 2-point margin: INCONCLUSIVE, which does not block by default.
        assertThat(Files.readString(output.resolve(Reports.GATE_JSON))).contains("\"decision\" : \"INCONCLUSIVE\"")
                .contains("\"blocking\" : false");
        assertThat(Files.readString(output.resolve(Reports.REPORT_MD))).contains("Capitals.answers");
        assertThat(Files.readString(output.resolve(Reports.REPORT_HTML))).contains("Capitals.answers");
        assertThat(output.resolve("TEST-prompt-eval-Capitals.answers.xml")).content()
                .contains("testsuite").contains("Capitals.answers");
        assertThat(output.resolve("results/Capitals.answers.json")).content().contains("\"decision\" : \"INCONCLUSIVE\"");
    }

    static class NoBaseline extends EchoTarget {
        @PromptEval(prompt = PROMPT, candidate = CANDIDATE, dataset = "datasets/capitals.csv", baseline = "none",
                minScore = 0.9)
        void answers(PromptOutput output) {
        }
    }

    @Test
    void withoutABaselineOnlyAbsoluteRulesApply() {
        project.candidate("{near}");

        EngineExecutionResults results = project.run(NoBaseline.class);

        assertThat(failures(results).get("gate")).hasMessageStartingWith("suite NoBaseline.answers: the gate says FAIL"
                + "\n  - NoBaseline.answers: score is ").hasMessageContaining("0.90");
        GateFile.Suite result = project.result("NoBaseline.answers");
        assertThat(result.baseline()).isNull();
        assertThat(result.notes()).anySatisfy(n -> assertThat(n).contains("no baseline, so no regression check"));
    }

    @Test
    void anEarlierResultIsRemovedWhenTheSuiteCannotRun() throws Exception {
        project.run(Capitals.class);
        assertThat(project.resultFile("Capitals.answers")).exists();

        Files.delete(dir.resolve("datasets/capitals.csv"));
        project.run(Capitals.class);

        assertThat(project.resultFile("Capitals.answers")).doesNotExist();
    }
}
