package dev.prompteval.internal.suite;

import dev.prompteval.gate.Decision;
import dev.prompteval.internal.gate.GateResult;
import dev.prompteval.internal.gate.GateRules;
import dev.prompteval.internal.provider.EvaluationMode;
import dev.prompteval.internal.provider.Providers;
import dev.prompteval.internal.registry.file.FileRegistry;
import dev.prompteval.internal.report.SuiteReport;
import dev.prompteval.internal.run.CancellationToken;
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
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A POM suite is decided once, as it runs: the reports take that decision instead of deciding the suite again, and
 * say byte for byte what they say when the kept result is decided again.
 */
class DecidedOnceTest {
    private static final String PROMPT = "team/greeting";

    @TempDir
    Path project;
    private Path output;
    private Providers providers;
    private EvaluationSettings settings;

    @BeforeEach
    void project() throws IOException {
        output = project.resolve("target/prompt-eval");
        var registry = new FileRegistry(project.resolve("prompt-registry"));
        registry.publish(PROMPT, template("Please greet {name}"), "first", List.of("prod"), 0);
        Files.createDirectories(project.resolve("prompts"));
        // The candidate asks for shouting on every fifth row, which answers it badly: a regression to report.
        Files.writeString(project.resolve("prompts/greeting.json"), template("Kindly {mood} greet {name}")
                .toPrettyJson());
        Files.writeString(project.resolve("greetings.csv"), "__id,name,mood,__expected\n" + IntStream.rangeClosed(1, 40)
                .mapToObj(i -> "g" + i + ",Ada" + i + "," + (i % 5 == 0 ? "shouting" : "warmly") + ",contains:Ada" + i)
                .collect(Collectors.joining("\n")) + "\n");
        providers = Providers.builder().classLoader(getClass().getClassLoader()).build();
        settings = new EvaluationSettings(project, output, registry, EvaluationMode.LIVE,
                project.resolve("recordings"), null, RunOptions.defaults().withConcurrency(4), providers,
                Scorers.defaults(), "abc123");
    }

    @AfterEach
    void close() {
        providers.close();
    }

    @Test
    void theReportsTakeTheDecisionTheRunTookAndWriteWhatDecidingAgainWrites() throws IOException {
        var evaluation = new Evaluation(settings, Clock.systemUTC());
        List<SuiteOutcome> outcomes = evaluation.run(List.of(suite()), SuiteProgress.NONE, new CancellationToken());
        List<SuiteResult> results = outcomes.stream().map(Evaluation::resultOf).toList();
        GateResult decided = outcomes.get(0).gate();

        List<SuiteReport> decidedAgain = evaluation.report(results);
        Map<String, String> filesDecidedAgain = files();
        List<SuiteReport> reused = evaluation.report(results, List.of(decided));

        // The figures are the ones the run's decision computed, not made again from the rows.
        assertThat(reused.get(0).gate().comparison()).isSameAs(decided.comparison());
        assertThat(reused.get(0).gate().candidateSummary()).isSameAs(decided.candidateSummary());
        assertThat(decidedAgain.get(0).gate().comparison()).isNotSameAs(decided.comparison());
        assertThat(reused.get(0).gate().decision()).isEqualTo(decidedAgain.get(0).gate().decision())
                .isEqualTo(Decision.FAIL);
        assertThat(files()).isEqualTo(filesDecidedAgain);
    }

    @Test
    void aDecisionOverOtherRunsIsNotTakenForTheSuitesOwn() {
        var evaluation = new Evaluation(settings, Clock.systemUTC());
        SuiteOutcome first = evaluation.run(List.of(suite()), SuiteProgress.NONE, new CancellationToken()).get(0);
        SuiteOutcome second = evaluation.run(List.of(suite()), SuiteProgress.NONE, new CancellationToken()).get(0);
        SuiteResult result = Evaluation.resultOf(first);

        assertThat(result.isDecidedBy(first.gate())).isTrue();
        assertThat(result.isDecidedBy(second.gate())).as("equal rows, but other runs").isFalse();
        assertThatThrownBy(() -> result.report(second.gate())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("suite greeting");

        SuiteReport report = evaluation.report(List.of(result), List.of(second.gate())).get(0);
        assertThat(report.gate().comparison()).isNotSameAs(second.gate().comparison())
                .isNotSameAs(first.gate().comparison());
        assertThat(report.gate().decision()).isEqualTo(first.gate().decision());
    }

    /** Every file under the output folder but the journals, by path, as text. */
    private Map<String, String> files() throws IOException {
        try (Stream<Path> walk = Files.walk(output)) {
            var files = new TreeMap<String, String>();
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                String name = output.relativize(file).toString();
                if (!name.startsWith("journal")) files.put(name, Files.readString(file));
            }
            assertThat(files).containsKeys("gate.json", "report.md", "report.html", "results/greeting.json",
                    "TEST-prompt-eval-greeting.xml");
            return files;
        }
    }

    private static SuiteSpec suite() {
        return new SuiteSpec("greeting", PROMPT, "file:prompts/greeting.json", "label:prod",
                List.of(Path.of("greetings.csv")), null, null, 1, List.of(), GateRules.defaults(), null);
    }

    private static PromptTemplate template(String text) {
        return PromptTemplate.parse("{\"prompt_template\": {\"type\": \"chat\", \"messages\": [{\"role\": \"user\","
                + " \"content\": \"" + text + "\"}]}, \"metadata\": {\"model\": {\"provider\": \"java:"
                + GreetingTarget.class.getName() + "\", \"name\": \"greeter\"}}}", "greeting");
    }
}
