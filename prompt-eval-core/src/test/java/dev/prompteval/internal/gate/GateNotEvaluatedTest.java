package dev.prompteval.internal.gate;

import dev.prompteval.dataset.Row;
import dev.prompteval.gate.Decision;
import dev.prompteval.gate.Outcome;
import dev.prompteval.internal.report.Reports;
import dev.prompteval.internal.run.RowResult;
import dev.prompteval.internal.run.RunResult;
import dev.prompteval.internal.run.SampleResult;
import dev.prompteval.internal.suite.SuiteResult;
import dev.prompteval.internal.suite.SuiteResultFile;
import dev.prompteval.report.GateFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.prompteval.internal.stats.TestRuns.described;
import static dev.prompteval.internal.stats.TestRuns.errored;
import static dev.prompteval.internal.stats.TestRuns.row;
import static dev.prompteval.internal.stats.TestRuns.rows;
import static dev.prompteval.internal.stats.TestRuns.run;
import static dev.prompteval.internal.stats.TestRuns.scored;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rows the provider left without an answer (errors after the retries: rate limits past the budget, an outage) are
 * no verdict on the prompt: left out of every statistic, the suite NOT_EVALUATED with counts by cause and how to
 * resume, never FAIL as a regression.
 */
class GateNotEvaluatedTest {
    // As the runner writes them after its retries (SampleTask), from OpenAI's documented error bodies.
    private static final String RATE_LIMITED = "RATE_LIMIT (HTTP 429) after 9 attempts (the retry budget of 600 s is"
            + " used up): OpenAI at https://api.openai.com/v1 returned HTTP 429: Rate limit reached for gpt-4o-mini";
    private static final String SERVER_ERROR = "SERVER (HTTP 500) after 4 attempts: OpenAI at"
            + " https://api.openai.com/v1 returned HTTP 500: The server had an error while processing your request.";

    @TempDir
    Path output;

    private static RowResult unanswered(Row row, String error, String cause) {
        return new RowResult(row, List.of(SampleResult.notEvaluated(row.id(), 0, error, cause, 120)));
    }

    /** Rows passing in both versions; the candidate's first 25 rate limited, the next 4 server errors. */
    private static RunResult candidateWith29Unanswered(List<Row> rows) {
        List<RowResult> results = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (i < 25) results.add(unanswered(rows.get(i), RATE_LIMITED, "rate limit (HTTP 429)"));
            else if (i < 29) results.add(unanswered(rows.get(i), SERVER_ERROR, "server (HTTP 500)"));
            else results.add(scored(rows.get(i), 1));
        }
        return run("s", results);
    }

    private static RunResult allPassing(List<Row> rows) {
        return run("s", rows.stream().map(r -> scored(r, 1)).toList());
    }

    @Test
    void rowsWithoutAnAnswerAreNotEvaluatedWithCountsByCauseAndHowToResume() {
        List<Row> rows = rows(400);

        GateResult gate = new Gate(GateRules.defaults()).evaluate(candidateWith29Unanswered(rows), allPassing(rows));

        assertThat(gate.decision()).isEqualTo(Decision.NOT_EVALUATED);
        assertThat(gate.blocking()).isTrue();
        // Counted as failures, 29 of 400 rows would be a shown drop of the pass rate: they are left out instead.
        assertThat(gate.checks()).noneMatch(c -> c.outcome() == Outcome.FAIL);
        assertThat(gate.checks()).filteredOn(c -> c.rule() == RuleId.MAX_REGRESSION).isNotEmpty()
                .allMatch(c -> c.outcome() == Outcome.PASS);
        assertThat(gate.candidateSummary().metrics().values()).allMatch(m -> m.n() == 371);
        assertThat(gate.notEvaluated()).singleElement().satisfies(c -> {
            assertThat(c.rule()).isEqualTo(RuleId.EVALUATED);
            assertThat(c.message()).isEqualTo("s: not evaluated: 29 rows of the candidate (rate limit (HTTP 429) 25,"
                    + " server (HTTP 500) 4), [r1], [r2], [r3], [r4], [r5] and 24 more: the provider gave no answer,"
                    + " which says nothing about the prompt (first: " + RATE_LIMITED + "). Run the build again to"
                    + " resume: the run journal keeps every completed result and only these rows are called again");
        });
        assertThat(gate.violations()).containsExactlyElementsOf(gate.notEvaluated());
        assertThat(gate.checks()).filteredOn(c -> c.rule() == RuleId.NO_ERRORS).singleElement()
                .satisfies(c -> assertThat(c.message()).isEqualTo("s: no evaluated row errored"));
    }

    @Test
    void aFailureShownOnTheEvaluatedRowsStillFails() {
        List<Row> rows = rows(40);
        List<RowResult> candidate = new ArrayList<>();
        candidate.add(unanswered(rows.get(0), RATE_LIMITED, "rate limit (HTTP 429)"));
        // A bad request can be the prompt's doing (too long, refused content): it stays the row's error.
        candidate.add(errored(rows.get(1), "BAD_REQUEST (HTTP 400): This model's maximum context length is 128000"
                + " tokens."));
        rows.subList(2, rows.size()).forEach(r -> candidate.add(scored(r, 1)));

        GateResult gate = new Gate(GateRules.defaults()).evaluate(run("s", candidate), allPassing(rows));

        assertThat(gate.decision()).isEqualTo(Decision.FAIL);
        assertThat(gate.violations()).extracting(RuleCheck::rule).containsExactly(RuleId.NO_ERRORS, RuleId.EVALUATED);
        assertThat(gate.notEvaluated()).singleElement().satisfies(c -> assertThat(c.message())
                .startsWith("s: not evaluated: 1 row of the candidate (rate limit (HTTP 429) 1), [r1]:"));
    }

    @Test
    void bothSidesAreCountedAndACriticalRowWithoutAnAnswerIsNotAFailedCriticalRow() {
        Row critical = described("c1", "Refund policy", "critical");
        Row other = row("r2");
        RunResult candidate = run("s", List.of(unanswered(critical, SERVER_ERROR, "server (HTTP 500)"),
                scored(other, 1)));
        RunResult baseline = run("s", List.of(scored(critical, 1), unanswered(other, RATE_LIMITED,
                "rate limit (HTTP 429)")));

        GateResult gate = new Gate(GateRules.defaults()).evaluate(candidate, baseline);

        assertThat(gate.decision()).isEqualTo(Decision.NOT_EVALUATED);
        assertThat(gate.checks()).noneMatch(c -> c.rule() == RuleId.CRITICAL_ROWS && c.outcome() == Outcome.FAIL);
        assertThat(gate.notEvaluated()).singleElement().satisfies(c -> assertThat(c.message()).startsWith(
                "s: not evaluated: 1 row of the candidate (server (HTTP 500) 1) and 1 row of the baseline (rate limit"
                        + " (HTTP 429) 1), [c1], [r2]:"));
    }

    @Test
    void aKeptSuiteResultIsDecidedAgainAsNotEvaluatedAndTheReportsSaySo() throws Exception {
        List<Row> rows = rows(50);
        GateResult gate = new Gate(GateRules.defaults()).evaluate(candidateWith29Unanswered(rows), allPassing(rows));
        var kept = new SuiteResult(SuiteResult.FORMAT_VERSION, "s", "@PromptEval com.acme.T#m", gate.rules(),
                gate.candidate(), gate.baseline(), List.of());
        SuiteResultFile.write(output, kept);

        SuiteResult read = SuiteResultFile.read(SuiteResultFile.fileFor(output, "s"));
        new Reports(name -> null).write(output, List.of(read.report()));

        assertThat(read).isEqualTo(kept);
        assertThat(read.report().gate().decision()).isEqualTo(Decision.NOT_EVALUATED);
        assertThat(read.report().gate().violations()).extracting(RuleCheck::message)
                .containsExactlyElementsOf(gate.violations().stream().map(RuleCheck::message).toList());
        GateFile file = GateFile.read(output.resolve(Reports.GATE_JSON));
        assertThat(file.decision()).isEqualTo(Decision.NOT_EVALUATED);
        assertThat(file.blocking()).isTrue();
        assertThat(file.suites().get(0).checks()).anySatisfy(c -> {
            assertThat(c.rule()).isEqualTo("evaluated");
            assertThat(c.outcome()).isEqualTo(Outcome.NOT_EVALUATED);
            assertThat(c.blocking()).isTrue();
        });
        String markdown = Files.readString(output.resolve(Reports.REPORT_MD));
        assertThat(markdown).contains("## ⏸️ prompt-eval: NOT_EVALUATED")
                .contains("no verdict on the prompt. Run the build again to resume")
                .doesNotContain("❌");
    }
}
