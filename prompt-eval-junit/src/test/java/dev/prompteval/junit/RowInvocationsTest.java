package dev.prompteval.junit;

import dev.prompteval.internal.run.RowResult;
import dev.prompteval.internal.suite.PromptEvalSettings.Property;
import dev.prompteval.internal.suite.SuiteResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.opentest4j.AssertionFailedError;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static dev.prompteval.junit.TestProject.CANDIDATE;
import static dev.prompteval.junit.TestProject.PROMPT;
import static dev.prompteval.junit.TestProject.failures;
import static dev.prompteval.junit.TestProject.names;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** Row invocations: how many, their names, the dataset's assertions first, then the test body. */
class RowInvocationsTest {
    static final String CAPITALS = """
            __id,__description,question,answer,__expected
            r1,capital of France,Capital of France?,Paris,contains:Paris
            r2,capital of Germany,Capital of Germany?,Berlin,contains:Berlin
            r3,,Capital of Italy?,Rome,contains:Rome
            """;

    /** What fixture bodies saw, in order; fixtures run one at a time. */
    static final Queue<String> SEEN = new ConcurrentLinkedQueue<>();

    @TempDir
    Path dir;
    TestProject project;

    @BeforeEach
    void setUp() {
        SEEN.clear();
        project = new TestProject(dir).write("datasets/capitals.csv", CAPITALS);
    }

    static class Capitals extends EchoTarget {
        @PromptEval(prompt = PROMPT, candidate = CANDIDATE, dataset = "datasets/capitals.csv")
        void answers(PromptRow row, PromptOutput output) {
            SEEN.add(row.id() + "=" + output.text());
            assertThat(output.text()).isEqualTo(row.var("answer"));
        }
    }

    @Test
    void oneInvocationPerRowNamedIdAndDescriptionThenTheGate() {
        EngineExecutionResults results = project.run(Capitals.class);

        assertThat(names(results)).containsExactly("[r1] capital of France", "[r2] capital of Germany", "[r3]",
                "gate");
        results.testEvents().assertStatistics(s -> s.started(4).succeeded(4).failed(0));
        // Each body ran for the candidate's output, then for the baseline's (bodyOnBaseline).
        assertThat(SEEN).containsExactly("r1=Paris", "r1=Paris", "r2=Berlin", "r2=Berlin", "r3=Rome", "r3=Rome");
    }

    @Test
    void theTagLetsABuildLeaveTheSuitesOutOfItsUnitTests() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(Capitals.class))
                .configurationParameter(Property.PROJECT_DIR.key(), dir.toString())
                .filters(TagFilter.excludeTags(PromptEval.TAG)).execute();

        results.allEvents().assertStatistics(s -> s.started(1).succeeded(1)); // the engine alone
        assertThat(SEEN).isEmpty();
    }

    static class Named extends EchoTarget {
        @PromptEval(prompt = PROMPT, candidate = CANDIDATE, dataset = "datasets/capitals.csv", repeat = 2,
                name = "#{index} {id} asks {row.question}")
        void answers(PromptOutput output) {
            SEEN.add(Integer.toString(output.sample()));
        }
    }

    @Test
    void theNamePatternHasPlaceholdersAndEachSampleIsAnInvocation() {
        EngineExecutionResults results = project.run(Named.class);

        assertThat(names(results)).containsExactly(
                "#1 r1 asks Capital of France? (sample 1 of 2)", "#2 r1 asks Capital of France? (sample 2 of 2)",
                "#3 r2 asks Capital of Germany? (sample 1 of 2)", "#4 r2 asks Capital of Germany? (sample 2 of 2)",
                "#5 r3 asks Capital of Italy? (sample 1 of 2)", "#6 r3 asks Capital of Italy? (sample 2 of 2)",
                "gate");
        assertThat(SEEN).containsExactly("0", "0", "1", "1", "0", "0", "1", "1", "0", "0", "1", "1");
        results.testEvents().assertStatistics(s -> s.started(7).succeeded(7));
    }

    static class NotBerlin extends EchoTarget {
        @PromptEval(prompt = PROMPT, candidate = CANDIDATE, dataset = "datasets/capitals.csv")
        void answers(PromptRow row, PromptOutput output, PromptScores scores) {
            SEEN.add(row.id());
            scores.record("short", output.text().length() <= 5 ? 1 : 0);
            assertThat(output.text()).as("answer to %s", row.var("question")).isNotEqualTo("Berlin");
        }
    }

    @Test
    void aFailingBodyFailsItsRowAndTheRowIsKeptAsFailedForBothVersions() {
        EngineExecutionResults results = project.run(NotBerlin.class);

        Map<String, Throwable> failures = failures(results);
        assertThat(failures).containsOnlyKeys("[r2] capital of Germany");
        assertThat(failures.get("[r2] capital of Germany")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("[answer to Capital of Germany?]");
        // The body ran for the candidate, then for the baseline's output.
        assertThat(SEEN).containsExactly("r1", "r1", "r2", "r2", "r3", "r3");

        SuiteResult result = project.kept("NotBerlin.answers");
        RowResult r2 = result.candidate().rows().get(1);
        assertThat(r2.id()).isEqualTo("r2");
        assertThat(r2.passRate()).isEqualTo(0.0);
        assertThat(r2.meanScore()).isEqualTo(0.0);
        assertThat(r2.samples().get(0).score().reason()).startsWith("test failed: [answer to Capital of Germany?]");
        assertThat(r2.samples().get(0).output()).isEqualTo("Berlin");
        assertThat(result.candidate().rows().get(0).passRate()).isEqualTo(1.0);
        assertThat(result.candidate().rows().get(0).meanScore()).isEqualTo(1.0);
        // The baseline gave the same answer and failed the same check, so the versions compare equal.
        assertThat(result.baseline().rows().get(1).passRate()).isEqualTo(0.0);
        assertThat(result.baseline().rows().get(1).samples().get(0).score().reason()).startsWith("test failed: ");
        // Three identical rows cannot show a 2-point margin: INCONCLUSIVE, which does not block by default.
        assertThat(project.result("NotBerlin.answers").decision()).hasToString("INCONCLUSIVE");
        assertThat(project.result("NotBerlin.answers").blocking()).isFalse();
        // Scores recorded by the body are kept, for each version, also when the body failed afterwards.
        assertThat(result.candidate().rows()).extracting(r -> r.samples().get(0).score().namedScores())
                .containsExactly(Map.of("short", 1.0), Map.of("short", 0.0), Map.of("short", 1.0));
        assertThat(result.baseline().rows()).extracting(r -> r.samples().get(0).score().namedScores())
                .containsExactly(Map.of("short", 1.0), Map.of("short", 0.0), Map.of("short", 1.0));
    }

    @Test
    void underParallelExecutionTheInvocationsStillRunInOrderWithTheGateLast() {
        project.parameter("junit.jupiter.execution.parallel.enabled", "true")
                .parameter("junit.jupiter.execution.parallel.mode.default", "concurrent");

        EngineExecutionResults results = project.run(NotBerlin.class);

        assertThat(names(results)).containsExactly("[r1] capital of France", "[r2] capital of Germany", "[r3]",
                "gate");
        assertThat(SEEN).containsExactly("r1", "r1", "r2", "r2", "r3", "r3");
        assertThat(project.kept("NotBerlin.answers").candidate().rows().get(1).passRate()).isEqualTo(0.0);
    }

    static class NotBerlinCandidateOnly extends EchoTarget {
        @PromptEval(prompt = PROMPT, candidate = CANDIDATE, dataset = "datasets/capitals.csv",
                bodyOnBaseline = false)
        void answers(PromptRow row, PromptOutput output) {
            SEEN.add(row.id());
            assertThat(output.text()).isNotEqualTo("Berlin");
        }
    }

    @Test
    void withoutBodyOnBaselineOnlyTheCandidateIsJudgedByTheBody() {
        project.run(NotBerlinCandidateOnly.class);

        assertThat(SEEN).containsExactly("r1", "r2", "r3");
        SuiteResult result = project.kept("NotBerlinCandidateOnly.answers");
        assertThat(result.candidate().rows().get(1).passRate()).isEqualTo(0.0);
        assertThat(result.baseline().rows().get(1).passRate()).isEqualTo(1.0);
    }

    static class Expectations extends EchoTarget {
        @PromptEval(prompt = PROMPT, candidate = CANDIDATE, dataset = "datasets/expectations.csv",
                baseline = "none")
        void answers(PromptRow row) {
            SEEN.add(row.id());
        }
    }

    @Test
    void aRowFailingItsDatasetAssertionsFailsListingThemAndItsBodyDoesNotRun() {
        project.write("datasets/expectations.csv", """
                __id,question,answer,__expected,__expected2,__expected3
                ok,Capital of France?,Paris,contains:Paris,starts-with:Pa,not-contains:Lyon
                bad,Capital of Spain?,Barcelona,contains:Madrid,starts-with:Barc,icontains:madrid
                """);

        EngineExecutionResults results = project.run(Expectations.class);

        assertThat(SEEN).containsExactly("ok");
        Throwable failure = failures(results).get("[bad]");
        assertThat(failure).isInstanceOf(AssertionFailedError.class);
        assertThat(failure.getMessage()).startsWith("row [bad] failed its dataset assertions (failed 2 of 3 "
                + "assertions, first contains:Madrid").contains("\n  - __expected contains:Madrid: ",
                "\n  - __expected3 icontains:madrid: ").doesNotContain("starts-with");
    }

    static class Injected extends EchoTarget {
        @PromptEval(prompt = PROMPT, candidate = CANDIDATE, dataset = "datasets/json.csv")
        void answers(PromptRow row, PromptOutput output, @Baseline PromptOutput baseline, PromptScores scores) {
            SEEN.add(String.join("|", row.id(), output.text(), String.join(",", row.tags()),
                    row.description().orElse("-"), row.metadata("source").orElse("-"),
                    row.expected().get(0).display(), output.json().get("city").asText(),
                    Double.toString(output.score()), Boolean.toString(output.passed()), output.reason(),
                    baseline.text(), Long.toString(output.usage().inputTokens())));
            scores.record("tone", 0.75);
        }
    }

    @Test
    void theRowTheOutputsAndAScoreRecorderAreInjected() {
        project.baseline("  {answer}").candidate("{answer}")
                .write("datasets/json.csv", """
                        __id,__description,answer,__tags,__metadata:source,__expected
                        j1,json city,"{""city"": ""Paris""}","geo,critical",atlas,is-json
                        j2,,"{""city"": ""Rome""}",,,is-json
                        """);

        EngineExecutionResults results = project.run(Injected.class);

        results.testEvents().assertStatistics(s -> s.started(3).succeeded(3));
        // The baseline's output starts with two blanks (still JSON). The body compares the versions, so it is not
        // called again for the baseline alone.
        assertThat(SEEN).containsExactly(
                "j1|{\"city\": \"Paris\"}|geo,critical|json city|atlas|is-json|Paris|1.0|true|passed 1 of 1 assertions"
                        + "|  {\"city\": \"Paris\"}|-1",
                "j2|{\"city\": \"Rome\"}||-|-|is-json|Rome|1.0|true|passed 1 of 1 assertions|  {\"city\": \"Rome\"}|-1");
        SuiteResult result = project.kept("Injected.answers");
        assertThat(result.candidate().rows().get(0).samples().get(0).score().namedScores())
                .isEqualTo(Map.of("tone", 0.75));
        assertThat(result.baseline().rows().get(0).samples().get(0).score().namedScores()).isEmpty();
    }

    static class BaselineWithoutOne extends EchoTarget {
        @PromptEval(prompt = PROMPT, candidate = CANDIDATE, dataset = "datasets/capitals.csv", baseline = "none")
        void answers(@Baseline PromptOutput baseline) {
            SEEN.add("called");
        }
    }

    @Test
    void aBaselineParameterWithoutABaselineCannotBeResolved() {
        EngineExecutionResults results = project.run(BaselineWithoutOne.class);

        assertThat(SEEN).isEmpty();
        List<Throwable> rowFailures = failures(results).values().stream().toList();
        assertThat(rowFailures).hasSize(3).allSatisfy(f -> assertThat(f)
                .isInstanceOf(ParameterResolutionException.class)
                .hasMessageContaining("@Baseline PromptOutput needs a baseline, but suite BaselineWithoutOne.answers "
                        + "has baseline = \"none\""));
    }
}
