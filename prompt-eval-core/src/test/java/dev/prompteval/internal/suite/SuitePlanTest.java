package dev.prompteval.internal.suite;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prompteval.internal.gate.GateRules;
import dev.prompteval.internal.provider.EvaluationMode;
import dev.prompteval.internal.provider.PriceTable;
import dev.prompteval.internal.provider.Providers;
import dev.prompteval.internal.registry.EvalRunRecord;
import dev.prompteval.internal.registry.PromptReference;
import dev.prompteval.internal.registry.RegistryPrompt;
import dev.prompteval.internal.registry.file.FileRegistry;
import dev.prompteval.internal.run.RunOptions;
import dev.prompteval.internal.score.Scorers;
import dev.prompteval.internal.template.PromptTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The plan a suite states before any call. Without stored results, pass/fail rows with one sample get Tango's
 * interval, whose lower bound with no discordant pair has the closed form {@code -z^2 / (n + z^2)} (solve Tango's
 * 1998 score statistic with b = c = 0, whose restricted estimate is then -delta). Expected detectable drops from a
 * stored spread were computed independently with scipy 1.10.1: the multiplier M solves {@code stats.nct.sf(stats.t.ppf(0.975, df), df, M) == 0.8} (brentq), and the drop is
 * {@code M * max(spread / sqrt(G), sqrt(2 / (G (G - 1))))}; our noncentral t integrates numerically, so they agree
 * to 1e-6.
 */
class SuitePlanTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TEMPLATE = "{\"prompt_template\": {\"type\": \"chat\", \"messages\": [{\"role\": "
            + "\"user\", \"content\": \"Answer {question}\"}]}, \"metadata\": {\"model\": {\"provider\": \"openai\", "
            + "\"name\": \"gpt-4o-mini\"}}}";

    @TempDir
    Path project;
    private FileRegistry registry;
    private Providers providers;

    @BeforeEach
    void project() throws IOException {
        registry = new FileRegistry(project.resolve("prompt-registry"));
        registry.publish("faq", PromptTemplate.parse(TEMPLATE, "faq"), "first", List.of("prod"), 0);
        Files.writeString(project.resolve("candidate.json"), TEMPLATE.replace("Answer", "Please answer"));
    }

    @AfterEach
    void close() {
        if (providers != null) providers.close();
    }

    @Test
    void withoutStoredResultsTheRowsGiveTheBestCase() throws IOException {
        rows(200);

        SuitePlan plan = plan(EvaluationMode.LIVE, 0.02);

        assertThat(plan.calls()).isEqualTo(400);
        assertThat(plan.fromStoredResults()).isFalse();
        // z^2 / (n + z^2) with z = 1.959964, n = 200
        assertThat(plan.resolvableMargin()).isCloseTo(3.841459 / 203.841459, within(1e-6));
        assertThat(plan.summary()).contains("400 calls").contains("at best an unchanged prompt is shown within 1.9 "
                + "points").contains("no results stored against version 1");
        assertThat(plan.warnings()).isEmpty(); // 200 rows just show a 2-point margin
    }

    @Test
    void aMarginTheRowsCannotResolveIsWarnedAboutBeforeAnyCall() throws IOException {
        rows(60);

        SuitePlan plan = plan(EvaluationMode.REPLAY, 0.02);

        assertThat(plan.calls()).isZero();
        assertThat(plan.summary()).contains("answers come from the recordings, no model calls");
        // 3.841459 / 63.841459 = 0.0602; n >= z^2 (1 - m) / m = 188.2 rows show a 2-point margin
        assertThat(plan.warnings()).singleElement().asString()
                .contains("maxRegression 2.0 points is below what these 60 rows can show: even if every answer repeats"
                        + " exactly, an unchanged prompt is shown within 6.0 points at best, so only a clearly better"
                        + " prompt can PASS")
                .endsWith("about 189 rows would settle a margin of 2.0 points");
    }

    @Test
    void theBaselinesStoredRunGivesTheSpreadAndTheTokens() throws IOException {
        rows(100);
        storeRun("20261130T101010Z-aaaa", 0.02, 400);
        storeRun("20261201T090000Z-bbbb", 0.02 * Math.sqrt(1.0 / 4), 400); // newer: spread 0.2
        providers = Providers.builder().env(k -> null)
                .prices(PriceTable.empty().withPrice("gpt-4o-mini", 1.0, 4.0)).build();

        SuitePlan plan = plan(EvaluationMode.LIVE, 0.02);

        assertThat(plan.fromStoredResults()).isTrue();
        assertThat(plan.summary()).contains("run 20261201T090000Z-bbbb");
        // scipy: M(99) * 0.2 / sqrt(100) = 0.11316519136708614 / 2
        assertThat(plan.resolvableMargin()).isCloseTo(0.11316519136708614 / 2, within(1e-6));
        // 300 input tokens at $1/M and 50 output tokens at $4/M per call, 100 rows, two versions
        assertThat(plan.estimatedCostUsd()).isCloseTo(0.10, within(1e-12));
        assertThat(plan.summary()).contains("about $0.10 at list prices");
        assertThat(plan.warnings()).singleElement().asString().contains("is below the 5.7 points drop these 100 rows can"
                + " detect with 80% power at the spread stored results show");
    }

    @Test
    void rowsNeededAtAStoredSpreadMatchTheExactSearch() {
        // scipy: the smallest n with M(n - 1) * max(0.4 / sqrt(n), sqrt(2 / (n (n - 1)))) <= 0.02 is 3142
        assertThat(dev.prompteval.internal.stats.PowerAnalysis.plannedRows(0.4, 0.02, 0.95).orElseThrow())
                .isBetween(3135L, 3150L);
    }

    @Test
    void theFileRegistryFindsTheNewestRunOfThisSuiteForThisContent() {
        storeRun("20261130T101010Z-aaaa", 0.02, 400);
        storeRun("20261201T090000Z-bbbb", 0.01, 400);
        RegistryPrompt prod = registry.get("faq", new PromptReference.Label("prod"));

        var stored = registry.latestResults(prod, "faq").orElseThrow();

        assertThat(stored.runId()).isEqualTo("20261201T090000Z-bbbb");
        assertThat(stored.rows()).isEqualTo(3);
        assertThat(stored.differenceSd()).isCloseTo(0.01 * 20, within(1e-12));
        assertThat(stored.meanInputTokens()).isEqualTo(300.0);
        assertThat(stored.meanOutputTokens()).isEqualTo(50.0);
        assertThat(registry.latestResults(prod, "another-suite")).isEmpty();
    }

    private void storeRun(String runId, double decisionStandardError, int clusters) {
        RegistryPrompt prod = registry.get("faq", new PromptReference.Label("prod"));
        ObjectNode summary = JSON.createObjectNode();
        summary.putArray("comparisons").addObject().put("metric", "score")
                .put("decisionStandardError", decisionStandardError).put("n", clusters).put("clusters", clusters);
        var rows = new ArrayList<EvalRunRecord.RowOutcome>();
        for (int i = 1; i <= 3; i++) {
            rows.add(new EvalRunRecord.RowOutcome("q" + i, 1.0, true, "because", Map.of(), Map.of("question", "Why?"),
                    null, List.of(), 300, 50, 0.0, 10));
        }
        registry.pushResults("faq", prod.version(), new EvalRunRecord("faq", runId, "PASS", "sha256:d", null,
                prod.template().contentHash(), rows, summary));
    }

    private void rows(int count) throws IOException {
        var csv = new StringBuilder("__id,question,__expected\n");
        for (int i = 1; i <= count; i++) csv.append("q").append(i).append(",Why ").append(i).append("?,contains:because\n");
        Files.writeString(project.resolve("faq.csv"), csv);
    }

    private SuitePlan plan(EvaluationMode mode, double margin) {
        if (providers == null) providers = Providers.builder().env(k -> null).build();
        var settings = new EvaluationSettings(project, project.resolve("target"), registry, mode,
                project.resolve("recordings"), null, RunOptions.defaults(), providers, Scorers.defaults(), null);
        SuiteSpec spec = new SuiteSpec("faq", "faq", "file:candidate.json", "label:prod",
                List.of(Path.of("faq.csv")), null, null, 1, List.of(),
                GateRules.builder().maxRegression(margin).build(), null);
        return SuitePlan.of(new SuiteEvaluator(settings).prepare(spec, false), settings);
    }
}
