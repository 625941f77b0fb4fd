package dev.prompteval.internal.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prompteval.dataset.Row;
import dev.prompteval.gate.Decision;
import dev.prompteval.gate.GatePolicy;
import dev.prompteval.gate.Outcome;
import dev.prompteval.internal.gate.Gate;
import dev.prompteval.internal.gate.GateResult;
import dev.prompteval.internal.gate.GateRules;
import dev.prompteval.internal.gate.Limits;
import dev.prompteval.internal.run.RowResult;
import dev.prompteval.internal.run.RunResult;
import dev.prompteval.report.GateFile;
import dev.prompteval.stats.IntervalMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.prompteval.internal.report.ReportFixtures.BASELINE_HASH;
import static dev.prompteval.internal.report.ReportFixtures.CANDIDATE_HASH;
import static dev.prompteval.internal.report.ReportFixtures.DATASET_HASH;
import static dev.prompteval.internal.report.ReportFixtures.baseline;
import static dev.prompteval.internal.report.ReportFixtures.candidate;
import static dev.prompteval.internal.report.ReportFixtures.errored;
import static dev.prompteval.internal.report.ReportFixtures.outcomes;
import static dev.prompteval.internal.report.ReportFixtures.passing;
import static dev.prompteval.internal.report.ReportFixtures.row;
import static dev.prompteval.internal.report.ReportFixtures.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** gate.json written by {@link Reports} and read back by {@link GateFile}, for each decision and hard failure. */
class GateFileTest {
    @TempDir
    Path dir;

    private GateFile roundTrip(GateResult... results) {
        List<SuiteReport> suites = new ArrayList<>();
        for (GateResult result : results) suites.add(SuiteReport.of(result));
        new Reports(name -> null).write(dir, suites);
        return GateFile.read(dir.resolve(Reports.GATE_JSON));
    }

    private JsonNode rawJson() throws IOException {
        return new ObjectMapper().readTree(dir.resolve(Reports.GATE_JSON).toFile());
    }

    private static GateFile.Check check(GateFile.Suite suite, String rule, String metric) {
        return suite.checks().stream().filter(c -> c.rule().equals(rule) && java.util.Objects.equals(c.metric(), metric))
                .findFirst().orElseThrow();
    }

    @Test
    void aFailCarriesTheVersionsTheViolationsAndEveryNumberOfTheComparison() throws IOException {
        GateFile file = roundTrip(ReportFixtures.fail());

        assertThat(file.schema()).isEqualTo("prompt-eval/gate/v1");
        assertThat(file.decision()).isEqualTo(Decision.FAIL);
        assertThat(file.blocking()).isTrue();
        GateFile.Suite suite = file.suite("order-summary").orElseThrow();
        assertThat(suite.prompt()).isEqualTo("support/order-summary");
        assertThat(suite.decision()).isEqualTo(Decision.FAIL);
        assertThat(suite.candidate()).isEqualTo(new GateFile.Version("file:src/main/prompts/order-summary.json", null,
                CANDIDATE_HASH, "openai", "gpt-4o-mini", DATASET_HASH, 200, true));
        assertThat(suite.baseline()).isEqualTo(new GateFile.Version("label:prod", 3, BASELINE_HASH, "openai",
                "gpt-4o-mini", DATASET_HASH, 200, true));
        assertThat(suite.datasetHash()).isEqualTo(DATASET_HASH);
        assertThat(suite.violations()).containsExactly(
                "order-summary: score is 0.81 [0.76, 0.84], but baseline is 0.90 and the allowed regression is 0.02"
                        + " (McNemar mid-p p = <0.0001)",
                "order-summary: pass rate is 0.81 [0.76, 0.84], but baseline is 0.90 and the allowed regression is 0.02"
                        + " (McNemar mid-p p = <0.0001)");

        // The numbers of GateDecisionTest#failWhenADropIsShownBeyondTheMargin, worked out there by hand.
        GateFile.Check regression = check(suite, "max-regression", "pass-rate");
        assertThat(regression.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(regression.blocking()).isTrue();
        assertThat(regression.measured()).isCloseTo(0.81, within(1e-12));
        assertThat(regression.interval().lower()).isCloseTo(0.762234, within(2e-6));
        assertThat(regression.interval().upper()).isCloseTo(0.842313, within(2e-6));
        assertThat(regression.interval().level()).isEqualTo(0.95);
        assertThat(regression.interval().method()).isEqualTo(IntervalMethod.SCORE);
        assertThat(regression.baseline()).isCloseTo(0.90, within(1e-12));
        assertThat(regression.limit()).isEqualTo(0.02);
        assertThat(check(suite, "complete-run", null).outcome()).isEqualTo(Outcome.PASS);
        assertThat(check(suite, "complete-run", null).blocking()).isFalse();

        GateFile.Comparison passRate = suite.comparisons().stream().filter(c -> c.metric().equals("pass-rate"))
                .findFirst().orElseThrow();
        assertThat(passRate.label()).isEqualTo("pass rate");
        assertThat(passRate.n()).isEqualTo(200);
        assertThat(passRate.clusters()).isEqualTo(200);
        assertThat(passRate.clustered()).isFalse();
        assertThat(passRate.repeats()).isEqualTo(1);
        assertThat(passRate.candidate().mean()).isCloseTo(0.81, within(1e-12));
        assertThat(passRate.baseline().mean()).isCloseTo(0.90, within(1e-12));
        assertThat(passRate.delta().mean()).isCloseTo(-0.09, within(1e-12));
        // sd(d) / sqrt(n) with d = eighteen -1 and 182 zeros: Python statistics.stdev(d) / sqrt(200) = 0.0202868871
        assertThat(passRate.delta().standardError()).isCloseTo(0.0202868871, within(1e-9));
        // Tango's interval (scipy, see PairedProportionsTest)
        assertThat(passRate.interval().lower()).isCloseTo(-0.137766, within(2e-6));
        assertThat(passRate.interval().upper()).isCloseTo(-0.057687, within(2e-6));
        // McNemar mid-p: b = 18, c = 0, two-sided p = 2 * (0.5^18 / 2) = 0.5^18
        assertThat(passRate.mcnemar()).isEqualTo(new GateFile.McNemar(18, 0, 3.814697265625e-06));
        assertThat(passRate.improved()).isZero();
        assertThat(passRate.regressed()).isEqualTo(18);
        assertThat(passRate.unchanged()).isEqualTo(182);
        // SE of the 0/1 differences sqrt((0.09 - 0.0081) / 200) = 0.0202361; MDE = 2.815196 (scipy's noncentral t
        // multiplier at 199 df) * SE = 0.0569686
        assertThat(passRate.decisionStandardError()).isCloseTo(0.0202361, within(1e-7));
        assertThat(passRate.minimumDetectableEffect()).isCloseTo(0.0569686, within(2e-5));
        // phi coefficient of two 0/1 columns: (p11 - p1 q1) / sqrt(p1 (1 - p1) q1 (1 - q1)), p11 = p1 = 0.81, q1 = 0.9
        assertThat(passRate.correlation()).isCloseTo(0.6882472016, within(1e-9));
        assertThat(suite.summary()).extracting(GateFile.Measurement::metric).containsExactly("score", "pass-rate");

        JsonNode raw = rawJson();
        assertThat(raw.get("schema").asText()).isEqualTo("prompt-eval/gate/v1");
        assertThat(raw.at("/suites/0/decision").asText()).isEqualTo("FAIL");
        assertThat(raw.at("/suites/0/candidate/contentHash").asText()).isEqualTo(CANDIDATE_HASH);
        assertThat(raw.at("/suites/0/baseline/contentHash").asText()).isEqualTo(BASELINE_HASH);
        assertThat(raw.at("/suites/0/baseline/version").asInt()).isEqualTo(3);
    }

    @Test
    void aPassIsNotBlocking() {
        GateFile file = roundTrip(ReportFixtures.pass());

        assertThat(file.decision()).isEqualTo(Decision.PASS);
        assertThat(file.blocking()).isFalse();
        GateFile.Suite suite = file.suites().get(0);
        assertThat(suite.violations()).isEmpty();
        assertThat(check(suite, "max-regression", "pass-rate").message()).isEqualTo(
                "order-summary: pass rate is 0.91 [0.89, 0.93], baseline is 0.90: within the allowed regression 0.02");
        assertThat(check(suite, "max-regression", "pass-rate").interval().lower())
                .isCloseTo(0.90 - 0.010702, within(2e-6)); // Tango, scipy
    }

    @Test
    void anInconclusiveResultSaysWhatWouldSettleItAndDoesNotBlockByDefault() {
        GateFile file = roundTrip(ReportFixtures.inconclusive());

        assertThat(file.decision()).isEqualTo(Decision.INCONCLUSIVE);
        assertThat(file.blocking()).isFalse();
        GateFile.Check check = check(file.suites().get(0), "max-regression", "pass-rate");
        assertThat(check.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
        assertThat(check.blocking()).isFalse();
        assertThat(check.rowsNeeded()).isEqualTo(7057L);
        assertThat(check.repeatsNeeded()).isNull();
        assertThat(check.drop().test()).isEqualTo("McNemar mid-p");
        assertThat(check.drop().family()).isEqualTo(1);
        assertThat(file.suites().get(0).warnings()).contains("order-summary: pass rate is 0.79 [0.74, 0.83],"
                + " baseline is 0.80: inconclusive; could not rule out a drop of up to 5.5 points; about 7,057 rows"
                + " (6,242 to 8,075; now 200) would settle a 2-point margin");
    }

    @Test
    void anInconclusiveResultUnderTheStrictPolicyBlocks() {
        GateRules rules = GateRules.builder().policy(GatePolicy.REQUIRE_SHOWN_WITHIN_MARGIN).build();
        GateFile file = roundTrip(ReportFixtures.gate(rules, 200,
                ReportFixtures.passingRanges(200, new int[] {1, 150}, new int[] {161, 168}),
                ReportFixtures.passingRanges(200, new int[] {1, 160})));

        GateFile.Suite suite = file.suites().get(0);
        assertThat(suite.decision()).isEqualTo(Decision.INCONCLUSIVE);
        assertThat(suite.blocking()).isTrue();
        assertThat(file.blocking()).isTrue();
        assertThat(suite.warnings()).isEmpty();
        assertThat(suite.violations()).hasSize(2).allMatch(w -> w.contains("inconclusive"));
        assertThat(suite.rules().policy()).isEqualTo(GatePolicy.REQUIRE_SHOWN_WITHIN_MARGIN);
    }

    @Test
    void withoutABaselineTheBaselineIsNullAndTheNoteSaysWhatWasChecked() throws IOException {
        GateFile file = roundTrip(ReportFixtures.noBaseline());

        GateFile.Suite suite = file.suites().get(0);
        assertThat(suite.decision()).isEqualTo(Decision.PASS);
        assertThat(suite.baseline()).isNull();
        assertThat(suite.comparisons()).isEmpty();
        assertThat(suite.notes()).containsExactly("order-summary: no baseline, so no regression check; only the"
                + " absolute limits (minPassRate, minScore), errors, critical rows and completeness were checked");
        GateFile.Check minimum = check(suite, "min-pass-rate", "pass-rate");
        assertThat(minimum.outcome()).isEqualTo(Outcome.PASS);
        assertThat(minimum.measured()).isCloseTo(0.9, within(1e-12));
        assertThat(minimum.limit()).isEqualTo(0.8);
        assertThat(suite.rules().minPassRate()).isEqualTo(0.8);
        assertThat(rawJson().at("/suites/0").has("baseline")).isTrue();
        assertThat(rawJson().at("/suites/0/baseline").isNull()).isTrue();
    }

    @Test
    void anUndefinedNumberIsNullNotNaN() throws IOException {
        Row only = row("r1", "the only row");
        GateResult result = new Gate(GateRules.defaults()).evaluate(candidate(List.of(passing(only, "refund"))),
                baseline(List.of(passing(only, "refund"))));

        GateFile file = roundTrip(result);

        GateFile.Comparison comparison = file.suites().get(0).comparisons().get(0);
        assertThat(comparison.delta().standardError()).isNull();
        assertThat(comparison.decisionStandardError()).isNull();
        assertThat(comparison.correlation()).isNull();
        assertThat(Files.readString(dir.resolve(Reports.GATE_JSON))).doesNotContain("NaN");
    }

    @Test
    void hardFailuresAreChecksWithTheirRowsAndViolationLines() {
        List<Row> rows = new ArrayList<>(rows(6));
        rows.set(1, row("r2", "refund request 2", "critical"));
        List<RowResult> candidateRows = new ArrayList<>(outcomes(rows, new boolean[] {true, false, true, true, true,
                true}));
        candidateRows.set(2, errored(rows.get(2), "HTTP 500 from openai: server error"));
        candidateRows.remove(4); // r5 never ran in the candidate
        RunResult candidate = new RunResult(ReportFixtures.SUITE, "support/order-summary", "file:x.json", null,
                CANDIDATE_HASH, DATASET_HASH, null, candidateRows, false);

        GateFile file = roundTrip(new Gate(GateRules.defaults()).evaluate(candidate,
                baseline(outcomes(rows, new boolean[] {true, true, true, true, true, true}))));

        GateFile.Suite suite = file.suites().get(0);
        assertThat(suite.decision()).isEqualTo(Decision.FAIL);
        assertThat(suite.candidate().complete()).isFalse();
        assertThat(suite.candidate().provider()).isNull();
        assertThat(suite.baselineOnly()).containsExactly("r5");
        assertThat(suite.violations()).contains(
                "order-summary: the candidate run is incomplete (it stopped before every row ran): not evaluated,"
                        + " which says nothing about the prompt; run the suite again to complete it (the run journal"
                        + " keeps every completed result, so only the rest is called)",
                "order-summary: 1 row only in the baseline ([r5]); the comparison is incomplete, run both versions on"
                        + " the same dataset",
                "order-summary: row [r3] refund request 3 errored in the candidate: HTTP 500 from openai: server error",
                "order-summary: critical row [r2] refund request 2 failed: contains:refund failed: output does not"
                        + " contain \"refund\"");
        GateFile.Check errored = check(suite, "no-errors", null);
        assertThat(errored.rowId()).isEqualTo("r3");
        assertThat(errored.blocking()).isTrue();
        GateFile.Check critical = check(suite, "critical-rows", null);
        assertThat(critical.rowId()).isEqualTo("r2");
        assertThat(critical.measured()).isEqualTo(0.0);
        assertThat(critical.limit()).as("share of samples that must pass").isEqualTo(0.75);
        assertThat(check(suite, "paired-rows", null).outcome()).isEqualTo(Outcome.FAIL);
    }

    @Test
    void overallDecisionIsTheWorstSuiteAndRulesAreRecorded() {
        GateRules rules = GateRules.builder().minScore(0.5).metric("accuracy", new Limits(0.9, null, 0.05))
                .tag("billing", new Limits(null, 0.7, null)).build();
        GateResult limited = new Gate(rules).evaluate(candidate(outcomes(rows(4), new boolean[] {true, true, true,
                true})), null);

        GateFile file = roundTrip(ReportFixtures.pass(), ReportFixtures.inconclusive(), limited);

        assertThat(file.decision()).isEqualTo(Decision.FAIL); // limits name a metric and a tag no row has
        assertThat(file.suites()).extracting(GateFile.Suite::decision)
                .containsExactly(Decision.PASS, Decision.INCONCLUSIVE, Decision.FAIL);
        GateFile.Rules recorded = file.suites().get(2).rules();
        assertThat(recorded.minScore()).isEqualTo(0.5);
        assertThat(recorded.metrics()).containsEntry("accuracy", new GateFile.Limit(0.9, null, 0.05));
        assertThat(recorded.tags()).containsEntry("billing", new GateFile.Limit(null, 0.7, null));
        assertThat(file.suites().get(2).checks()).filteredOn(c -> c.rule().equals("limit-target")).hasSize(2);
    }

    @Test
    void aMissingFileSaysToRunTheEvaluation() {
        assertThatThrownBy(() -> GateFile.read(dir.resolve("gate.json")))
                .isInstanceOf(ReportException.class)
                .hasMessage(dir.resolve("gate.json") + " does not exist; run the evaluation (prompt-eval:evaluate,"
                        + " part of mvn verify) first, it writes the gate file");
    }

    @Test
    void invalidJsonIsReportedWithItsLineAndColumn() throws IOException {
        Path file = Files.writeString(dir.resolve("gate.json"), "{\n  \"schema\": \"prompt-eval/gate/v1\",\n  oops\n}"); // "o" is line 3, column 3

        assertThatThrownBy(() -> GateFile.read(file)).isInstanceOf(ReportException.class)
                .hasMessageStartingWith(file + " (line 3, column 3) is not valid JSON");
    }

    @Test
    void anotherSchemaIsRefused() throws IOException {
        Path other = Files.writeString(dir.resolve("other.json"), "{\"decision\": \"PASS\"}");
        Path newer = Files.writeString(dir.resolve("newer.json"), "{\"schema\": \"prompt-eval/gate/v2\"}");

        assertThatThrownBy(() -> GateFile.read(other)).hasMessage(other
                + " is not a prompt-eval gate file: it has no \"schema\": \"prompt-eval/gate/v1\"");
        assertThatThrownBy(() -> GateFile.read(newer)).hasMessage(newer + " has schema prompt-eval/gate/v2, but this"
                + " prompt-eval reads prompt-eval/gate/v1; use the same prompt-eval version to evaluate and to publish");
    }

    @Test
    void aFileMissingRequiredPartsNamesWhere() throws IOException {
        Path file = Files.writeString(dir.resolve("gate.json"),
                "{\"schema\": \"prompt-eval/gate/v1\", \"decision\": \"MAYBE\", \"suites\": []}");

        assertThatThrownBy(() -> GateFile.read(file)).isInstanceOf(ReportException.class)
                .hasMessageStartingWith(file + " does not match prompt-eval/gate/v1")
                .hasMessageContaining("MAYBE")
                .hasMessageContaining("decision");
    }

    @Test
    void theDocumentedExampleIsAValidGateFileWithExactlyTheSchemasFields() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "gate-json.md"));
        String example = doc.substring(doc.indexOf("```json\n") + 8, doc.indexOf("```", doc.indexOf("```json\n") + 8));
        Path file = Files.writeString(dir.resolve("example.json"), example);

        GateFile read = GateFile.read(file);

        ObjectMapper mapper = new ObjectMapper();
        assertThat(mapper.readTree(read.toJson())).isEqualTo(mapper.readTree(example));
        assertThat(read.suites().get(0).baseline().version()).isEqualTo(3);
    }
}
