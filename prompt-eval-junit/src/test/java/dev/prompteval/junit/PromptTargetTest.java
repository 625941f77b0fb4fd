package dev.prompteval.junit;

import dev.prompteval.template.RenderedPrompt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.prompteval.junit.TestProject.CANDIDATE;
import static dev.prompteval.junit.TestProject.PROMPT;
import static dev.prompteval.junit.TestProject.failures;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code @PromptTarget}: the team's code stands in for the model, called for all rows at once. */
class PromptTargetTest {
    static final String GREETINGS = """
            __id,name,__expected
            g1,Ada,contains:ADA
            g2,Grace,contains:GRACE
            g3,Linus,contains:LINUS
            g4,Barbara,contains:BARBARA
            """;
    static final int ROWS = 4;

    static final Queue<String> SEEN = new ConcurrentLinkedQueue<>();
    static final AtomicInteger CALLS = new AtomicInteger();
    /** Trips only when all rows of a run are in flight together; a barrier reused by the baseline's run. */
    static final CyclicBarrier ALL_ROWS_IN_FLIGHT = new CyclicBarrier(ROWS);

    @TempDir
    Path dir;
    TestProject project;

    @BeforeEach
    void setUp() {
        SEEN.clear();
        CALLS.set(0);
        ALL_ROWS_IN_FLIGHT.reset();
        project = new TestProject(dir).baseline("Greet {name}").candidate("Greet {name} warmly")
                .write("datasets/greetings.csv", GREETINGS);
    }

    /** The team's service: shouts the name it is given. */
    static final class Shouter {
        String shout(String name) throws Exception {
            ALL_ROWS_IN_FLIGHT.await(20, TimeUnit.SECONDS);
            CALLS.incrementAndGet();
            return name.toUpperCase(Locale.ROOT);
        }
    }

    static class Concurrent {
        Shouter service;

        @BeforeEach
        void createService() {
            service = new Shouter();
        }

        @PromptTarget
        String greet(RenderedPrompt prompt, PromptRow row) throws Exception {
            return TestProject.echo(prompt) + " -> " + service.shout(row.var("name"));
        }

        @PromptEval(prompt = PROMPT, candidate = CANDIDATE, dataset = "datasets/greetings.csv",
                bodyOnBaseline = false)
        void greets(PromptRow row, PromptOutput output, @Baseline PromptOutput baseline) {
            SEEN.add(CALLS.get() + " " + output.text() + " / " + baseline.text());
        }
    }

    @Test
    void everyCallOfBothVersionsRunsConcurrentlyBeforeTheFirstBody() {
        EngineExecutionResults results = project.run(Concurrent.class);

        results.testEvents().assertStatistics(s -> s.started(ROWS + 1).succeeded(ROWS + 1));
        // All 8 calls (4 rows, 2 versions) were made before the first body ran; the barrier proves that each
        // version's 4 calls were in flight at once.
        assertThat(SEEN).containsExactly(
                "8 Greet Ada warmly -> ADA / Greet Ada -> ADA",
                "8 Greet Grace warmly -> GRACE / Greet Grace -> GRACE",
                "8 Greet Linus warmly -> LINUS / Greet Linus -> LINUS",
                "8 Greet Barbara warmly -> BARBARA / Greet Barbara -> BARBARA");
    }

    static class TextTarget {
        @PromptTarget
        static String greet(String prompt, PromptRow row) {
            return row.id() + ": " + prompt.replace('\n', '/').toUpperCase(Locale.ROOT);
        }

        @PromptEval(prompt = PROMPT, candidate = CANDIDATE, dataset = "datasets/greetings.csv", baseline = "none")
        void greets(PromptOutput output) {
            SEEN.add(output.text());
        }
    }

    @Test
    void aStaticTargetMayTakeThePromptAsText() {
        EngineExecutionResults results = project.run(TextTarget.class);

        results.testEvents().assertStatistics(s -> s.started(ROWS + 1).failed(0));
        // RenderedPrompt.text(): the messages separated by a blank line.
        assertThat(SEEN).first().isEqualTo("g1: YOU ANSWER QUIZ QUESTIONS.//GREET ADA WARMLY");
    }

    static class Failing {
        @PromptTarget
        String greet(RenderedPrompt prompt, PromptRow row) {
            if (row.id().equals("g2")) throw new IllegalStateException("greeting service is down for " + row.id());
            return row.var("name").toUpperCase(Locale.ROOT);
        }

        @PromptEval(prompt = PROMPT, candidate = CANDIDATE, dataset = "datasets/greetings.csv")
        void greets(PromptRow row) {
            SEEN.add(row.id());
        }
    }

    @Test
    void aTargetThatThrowsIsAnErrorForThatRowAndFailsTheGate() {
        EngineExecutionResults results = project.run(Failing.class);

        assertThat(SEEN).doesNotContain("g2");
        assertThat(failures(results)).containsOnlyKeys("[g2]", "gate");
        assertThat(failures(results).get("[g2]")).isInstanceOf(ModelCallFailedException.class)
                .hasMessage("row [g2]: the candidate (" + CANDIDATE + ") has no scored output: BAD_REQUEST: "
                        + "@PromptTarget Failing.greet(RenderedPrompt, PromptRow) threw java.lang.IllegalStateException:"
                        + " greeting service is down for g2");
        assertThat(failures(results).get("gate").getMessage()).contains("[g2]");
        assertThat(project.kept("Failing.greets").candidate().rows().get(1)
                .samples().get(0).error()).contains("greeting service is down for g2");
    }
}
