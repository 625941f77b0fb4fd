package dev.prompteval.internal.suite;

import dev.prompteval.dataset.Row;
import dev.prompteval.internal.gate.Gate;
import dev.prompteval.internal.gate.GateResult;
import dev.prompteval.internal.gate.GateRules;
import dev.prompteval.internal.provider.EvaluationMode;
import dev.prompteval.internal.provider.Providers;
import dev.prompteval.internal.registry.LabelMove;
import dev.prompteval.internal.registry.PromptReference;
import dev.prompteval.internal.registry.PromptRegistry;
import dev.prompteval.internal.registry.RegistryPrompt;
import dev.prompteval.internal.registry.file.FileRegistry;
import dev.prompteval.internal.report.Reports;
import dev.prompteval.internal.report.SuiteReport;
import dev.prompteval.internal.run.CancellationToken;
import dev.prompteval.internal.run.RowResult;
import dev.prompteval.internal.run.RunOptions;
import dev.prompteval.internal.run.RunResult;
import dev.prompteval.internal.run.SampleResult;
import dev.prompteval.internal.score.Scorers;
import dev.prompteval.internal.stats.TestRuns;
import dev.prompteval.internal.template.PromptTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Evaluate, then publish only through the gate: a whole build's flow over the file registry. */
class PublisherTest {
    private static final String PROMPT = "team/greeting";

    @TempDir
    Path project;
    private Path output;
    private FileRegistry registry;
    private Providers providers;

    @BeforeEach
    void project() throws IOException {
        output = project.resolve("target/prompt-eval");
        registry = new FileRegistry(project.resolve("prompt-registry"));
        registry.publish(PROMPT, template("Please greet {name}"), "first", List.of("prod"), 0);
        Files.createDirectories(project.resolve("prompts"));
        writeCandidate("Kindly greet {name}");
        Files.writeString(project.resolve("greetings.csv"), "__id,name,__expected\n" + IntStream.rangeClosed(1, 30)
                .mapToObj(i -> "g" + i + ",Ada" + i + ",contains:Ada" + i).collect(Collectors.joining("\n")) + "\n");
        providers = Providers.builder().classLoader(getClass().getClassLoader()).build();
    }

    @AfterEach
    void close() {
        providers.close();
    }

    @Test
    void aPassingCandidateIsPublishedTheLabelMovesAndResultsAreStoredAgainstIt() {
        evaluate();

        List<String> lines = publisher().publish(List.of(suite()), options(null, false));

        assertThat(lines).singleElement().asString()
                .contains("team/greeting version 2 (label prod)").contains("pushed 30 row results");
        assertThat(registry.listLabels(PROMPT)).containsEntry("prod", 2);
        assertThat(registry.get(PROMPT, PromptReference.parse("version:2")).template().contentHash())
                .isEqualTo(PromptTemplate.read(project.resolve("prompts/greeting.json")).contentHash());
        assertThat(project.resolve("prompt-registry/team/greeting/evals/2")).isDirectoryContaining("glob:**.json");
    }

    @Test
    void theRecordCarriesTheRenderedInputThatWasSent() throws IOException {
        evaluate();

        var record = new com.fasterxml.jackson.databind.ObjectMapper().readValue(
                Evaluation.resultsFile(output, "greeting").toFile(), dev.prompteval.internal.registry.EvalRunRecord.class);

        var row = record.rows().stream().filter(r -> r.rowId().equals("g7")).findFirst().orElseThrow();
        assertThat(row.input()).containsExactly(new dev.prompteval.internal.registry.EvalRunRecord.SentMessage("user",
                "Kindly greet Ada7"));
        assertThat(row.output()).contains("Ada7");
    }

    @Test
    void aReportRewrittenByAnotherEvaluationKeepsTheRenderedInputs() throws IOException {
        // as when an @PromptEval suite's gate rewrites the build's reports over the POM suites' kept results
        var settings = settings();
        List<SuiteOutcome> outcomes = new Evaluation(settings, Clock.systemUTC()).run(List.of(suite()),
                SuiteProgress.NONE, new CancellationToken());
        outcomes.forEach(outcome -> SuiteResultFile.write(output, Evaluation.resultOf(outcome)));

        new Evaluation(settings, Clock.systemUTC()).report(SuiteResultFile.readAll(output));

        var record = new com.fasterxml.jackson.databind.ObjectMapper().readValue(
                Evaluation.resultsFile(output, "greeting").toFile(), dev.prompteval.internal.registry.EvalRunRecord.class);
        assertThat(record.rows().stream().filter(r -> r.rowId().equals("g3")).findFirst().orElseThrow().input())
                .containsExactly(new dev.prompteval.internal.registry.EvalRunRecord.SentMessage("user", "Kindly greet Ada3"));
    }

    @Test
    void aProtectedLabelHeldForApprovalIsReportedAsPendingNotAsMoved() {
        evaluate();
        // a registry whose "prod" is protected: the change is accepted but waits for approval
        PromptRegistry guarded = new PromptRegistry() {
            public RegistryPrompt get(String name, PromptReference reference) {
                return registry.get(name, reference);
            }

            public List<Integer> listVersions(String name) {
                return registry.listVersions(name);
            }

            public java.util.SortedMap<String, Integer> listLabels(String name) {
                return registry.listLabels(name);
            }

            public int publish(String name, PromptTemplate template, String message, java.util.Collection<String> labels,
                               Integer expected) {
                return registry.publish(name, template, message, labels, expected);
            }

            public LabelMove moveLabel(String name, String label, int version) {
                return LabelMove.PENDING_APPROVAL;
            }

            public void pushResults(String name, int version, dev.prompteval.internal.registry.EvalRunRecord run) {
                registry.pushResults(name, version, run);
            }
        };

        List<String> lines = new Publisher(guarded, project, output).publish(List.of(suite()), options(null, false));

        assertThat(lines).singleElement().asString().contains("team/greeting version 2 (label prod: pending approval"
                + " in the registry; it still points at the previous version)").contains("pushed 30 row results");
        assertThat(registry.listLabels(PROMPT)).containsEntry("prod", 1);
    }

    @Test
    void withoutGateJsonNothingIsPublished() {
        assertThatThrownBy(() -> publisher().publish(List.of(suite()), options(null, false)))
                .isInstanceOf(PublishRefusedException.class)
                .hasMessageContaining("gate.json does not exist; run the evaluation");
        assertThat(registry.listVersions(PROMPT)).containsExactly(1);
    }

    @Test
    void aFailedGateRefusesAndLeavesTheRegistryAsItWas() throws IOException {
        writeCandidate("Greet {name}, shouting");
        evaluate();

        assertThatThrownBy(() -> publisher().publish(List.of(suite()), options(null, false)))
                .isInstanceOf(PublishRefusedException.class)
                .hasMessageContaining("suite greeting: the gate decided FAIL, which blocks publishing under its policy");
        assertThat(registry.listVersions(PROMPT)).containsExactly(1);
        assertThat(registry.listLabels(PROMPT)).containsEntry("prod", 1);
    }

    @Test
    void aSuiteThatWasNotEvaluatedIsRefusedWithoutBlamingThePrompt() {
        List<Row> rows = TestRuns.rows(2);
        RunResult candidate = TestRuns.run("greeting", List.of(TestRuns.scored(rows.get(0), 1),
                new RowResult(rows.get(1), List.of(SampleResult.notEvaluated("r2", 0, "SERVER (HTTP 503) after 9 "
                        + "attempts (the retry budget of 600 s is used up): overloaded", "server (HTTP 503)", 40)))));
        GateResult gate = new Gate(GateRules.defaults()).evaluate(candidate, null);
        new Reports(name -> null).write(output, List.of(SuiteReport.of(gate)));

        assertThatThrownBy(() -> publisher().publish(List.of(suite()), options(null, false)))
                .isInstanceOf(PublishRefusedException.class)
                .hasMessageContaining("suite greeting: the gate decided NOT_EVALUATED (the provider left rows without"
                        + " an answer: no verdict on the prompt); evaluate again to resume, then publish")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("fix the prompt"));
        assertThat(registry.listVersions(PROMPT)).containsExactly(1);
    }

    @Test
    void aCandidateChangedAfterItsEvaluationIsRefused() throws IOException {
        evaluate();
        writeCandidate("Warmly greet {name}");

        assertThatThrownBy(() -> publisher().publish(List.of(suite()), options(null, false)))
                .hasMessageContaining("file:prompts/greeting.json changed since it was evaluated");
        assertThat(registry.listVersions(PROMPT)).containsExactly(1);
    }

    @Test
    void aBaselineThatMovedSinceTheEvaluationIsRefused() {
        evaluate();
        registry.publish(PROMPT, template("Greet {name} politely"), "hotfix", List.of("prod"), 1);

        assertThatThrownBy(() -> publisher().publish(List.of(suite()), options(null, false)))
                .hasMessageContaining("the baseline label:prod is now version 2, but the gate compared against"
                        + " version 1");
        assertThat(registry.listVersions(PROMPT)).containsExactly(1, 2);
    }

    @Test
    void anOverrideNeedsAReasonAndRecordsIt() throws IOException {
        writeCandidate("Greet {name}, shouting");
        evaluate();

        List<String> lines = publisher().publish(List.of(suite()), options("launch demo, approved by J. Doe", false));

        assertThat(lines.get(0)).startsWith("OVERRIDDEN (launch demo, approved by J. Doe): suite greeting: the gate"
                + " decided FAIL");
        String stored = Files.readString(project.resolve("prompt-registry/team/greeting/versions/2.json"));
        assertThat(stored).contains("[gate overridden: launch demo, approved by J. Doe]");
    }

    @Test
    void aDryRunWritesNothing() {
        evaluate();

        List<String> lines = publisher().publish(List.of(suite()), options(null, true));

        assertThat(lines).singleElement().asString().startsWith("suite greeting: would publish "
                + "file:prompts/greeting.json as a new version of team/greeting and move label prod to it");
        assertThat(registry.listVersions(PROMPT)).containsExactly(1);
    }

    private EvaluationSettings settings() {
        return new EvaluationSettings(project, output, registry, EvaluationMode.LIVE,
                project.resolve("recordings"), null, RunOptions.defaults().withConcurrency(4), providers,
                Scorers.defaults(), "abc123");
    }

    private void evaluate() {
        var settings = settings();
        var evaluation = new Evaluation(settings, Clock.systemUTC());
        List<SuiteOutcome> outcomes = evaluation.run(List.of(suite()), SuiteProgress.NONE, new CancellationToken());
        evaluation.report(outcomes.stream().map(Evaluation::resultOf).toList());
    }

    private Publisher publisher() {
        return new Publisher(registry, project, output);
    }

    private static Publisher.Options options(String overrideReason, boolean dryRun) {
        return new Publisher.Options("prod", "Kinder greeting", overrideReason, dryRun);
    }

    private SuiteSpec suite() {
        return new SuiteSpec("greeting", PROMPT, "file:prompts/greeting.json", "label:prod",
                List.of(Path.of("greetings.csv")), null, null, 1, List.of(), GateRules.defaults(), null);
    }

    private void writeCandidate(String text) throws IOException {
        Files.writeString(project.resolve("prompts/greeting.json"), template(text).toPrettyJson());
    }

    private static PromptTemplate template(String text) {
        return PromptTemplate.parse("{\"prompt_template\": {\"type\": \"chat\", \"messages\": [{\"role\": \"user\","
                + " \"content\": \"" + text + "\"}]}, \"metadata\": {\"model\": {\"provider\": \"java:"
                + GreetingTarget.class.getName() + "\", \"name\": \"greeter\"}}}", "greeting");
    }
}
