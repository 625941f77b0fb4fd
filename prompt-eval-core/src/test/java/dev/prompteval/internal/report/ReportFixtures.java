package dev.prompteval.internal.report;

import dev.prompteval.dataset.Assertion;
import dev.prompteval.dataset.Row;
import dev.prompteval.internal.gate.Gate;
import dev.prompteval.internal.gate.GateResult;
import dev.prompteval.internal.gate.GateRules;
import dev.prompteval.internal.run.RowResult;
import dev.prompteval.internal.run.RunResult;
import dev.prompteval.internal.run.SampleResult;
import dev.prompteval.internal.score.RowScore;
import dev.prompteval.provider.Usage;
import dev.prompteval.score.AssertionResult;
import dev.prompteval.score.Score;
import dev.prompteval.template.ModelSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hand-built runs for report tests: rows with one {@code contains:refund} assertion, outputs that pass or fail it, and
 * the gate scenarios whose numbers {@code GateDecisionTest} works out by hand.
 */
final class ReportFixtures {
    static final String SUITE = "order-summary";
    static final Assertion REFUND = new Assertion("contains", false, null, "refund", 1.0, "__expected");
    static final String CANDIDATE_HASH = "sha256:" + "c".repeat(64);
    static final String BASELINE_HASH = "sha256:" + "b".repeat(64);
    static final String DATASET_HASH = "sha256:" + "d".repeat(64);
    private static final ModelSpec MODEL = new ModelSpec("openai", "gpt-4o-mini", Map.of());

    private ReportFixtures() {
    }

    static Row row(String id, String description, String... tags) {
        return row(id, description, Map.of("ticket", "Ticket " + id + ": where is my refund?"), tags);
    }

    static Row row(String id, String description, Map<String, String> variables, String... tags) {
        return new Row(id, 1, 2, new LinkedHashMap<>(variables), List.of(REFUND), description, null, null, Map.of(),
                Set.of(tags), null);
    }

    /** Rows {@code r1..rN} with a description. */
    static List<Row> rows(int n) {
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i <= n; i++) rows.add(row("r" + i, "refund request " + i));
        return rows;
    }

    static RowResult passing(Row row, String output) {
        return new RowResult(row, List.of(sample(row.id(), 0, output, true)));
    }

    static RowResult failing(Row row, String output) {
        return new RowResult(row, List.of(sample(row.id(), 0, output, false)));
    }

    static RowResult errored(Row row, String error) {
        return new RowResult(row, List.of(SampleResult.error(row.id(), 0, error, 40)));
    }

    static SampleResult sample(String rowId, int k, String output, boolean pass) {
        Score score = pass ? Score.pass("output contains \"refund\"") : Score.fail("output does not contain \"refund\"");
        RowScore rowScore = new RowScore(pass ? 1 : 0, pass, pass ? "all assertions passed"
                : "contains:refund failed: " + score.reason(), List.of(new AssertionResult(REFUND, score)), Map.of());
        return new SampleResult(rowId, k, output, rowScore, null, new Usage(120, 30, 0.0001), 250, false);
    }

    /** Row i passes when {@code passes[i]}; outputs say so. */
    static List<RowResult> outcomes(List<Row> rows, boolean[] passes) {
        List<RowResult> results = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            results.add(passes[i] ? passing(row, "Your refund for " + row.id() + " was issued.")
                    : failing(row, "Sorry, I cannot help with " + row.id() + "."));
        }
        return results;
    }

    /** n outcomes; rows in the given 1-based inclusive ranges pass. */
    static boolean[] passingRanges(int n, int[]... ranges) {
        boolean[] passes = new boolean[n];
        for (int[] range : ranges) {
            for (int i = range[0]; i <= range[1]; i++) passes[i - 1] = true;
        }
        return passes;
    }

    static RunResult candidate(List<RowResult> rows) {
        return new RunResult(SUITE, "support/order-summary", "file:src/main/prompts/order-summary.json", null,
                CANDIDATE_HASH, DATASET_HASH, MODEL, rows, true);
    }

    static RunResult baseline(List<RowResult> rows) {
        return new RunResult(SUITE, "support/order-summary", "label:prod", 3, BASELINE_HASH, DATASET_HASH, MODEL, rows,
                true);
    }

    static GateResult gate(GateRules rules, int n, boolean[] candidate, boolean[] baseline) {
        List<Row> rows = rows(n);
        return new Gate(rules).evaluate(candidate(outcomes(rows, candidate)), baseline(outcomes(rows, baseline)));
    }

    /** 200 rows, baseline 0.90, candidate 0.81: FAIL, Tango [L, U] = [-0.137766, -0.057687] (GateDecisionTest). */
    static GateResult fail() {
        return gate(GateRules.defaults(), 200, passingRanges(200, new int[] {1, 162}),
                passingRanges(200, new int[] {1, 180}));
    }

    /** 400 rows, baseline 0.90, candidate 0.91: PASS, Tango [L, U] = [-0.010702, 0.032371] (GateDecisionTest). */
    static GateResult pass() {
        return gate(GateRules.defaults(), 400, passingRanges(400, new int[] {1, 354}, new int[] {361, 370}),
                passingRanges(400, new int[] {1, 360}));
    }

    /** 200 rows, baseline 0.80, candidate 0.79: INCONCLUSIVE (not blocking), about 7,057 rows would settle it
     * (GateDecisionTest). */
    static GateResult inconclusive() {
        return gate(GateRules.defaults(), 200, passingRanges(200, new int[] {1, 150}, new int[] {161, 168}),
                passingRanges(200, new int[] {1, 160}));
    }

    /** Text that would run script or add elements if a report did not escape it. */
    static final String SCRIPT = "<script>document.title='pwned-output'</script>";
    static final String IMG = "\"><img src=x onerror=\"document.title='pwned-img'\">";

    /**
     * Ten rows, two of them hostile: h1 (description and candidate output {@link #SCRIPT}, baseline output
     * {@link #IMG}, an assertion whose value is markup) regressed; h2 (description {@link #IMG}, a variable and a tag of
     * markup) errored in the candidate with markup in the error.
     */
    static GateResult hostile() {
        Assertion markup = new Assertion("contains", false, null, "</td><script>alert('assertion')</script>", 1.0,
                "__expected");
        Row h1 = new Row("h1", 1, 2, Map.of("ticket", SCRIPT), List.of(markup), SCRIPT, null, null, Map.of(),
                Set.of("<i>tag</i>"), null);
        Row h2 = new Row("h2", 2, 3, Map.of("ticket", IMG), List.of(REFUND), IMG, null, null, Map.of(),
                Set.of(IMG), null);
        List<Row> rows = rows(8);
        List<RowResult> candidate = new ArrayList<>(outcomes(rows, passingRanges(8, new int[] {1, 8})));
        List<RowResult> baseline = new ArrayList<>(outcomes(rows, passingRanges(8, new int[] {1, 8})));
        candidate.add(new RowResult(h1, List.of(scored(h1, markup, SCRIPT, false))));
        baseline.add(new RowResult(h1, List.of(scored(h1, markup, IMG, true))));
        candidate.add(errored(h2, "HTTP 500: " + IMG + SCRIPT));
        baseline.add(passing(h2, IMG + " refund"));
        return new Gate(GateRules.defaults()).evaluate(candidate(candidate), baseline(baseline));
    }

    private static SampleResult scored(Row row, Assertion assertion, String output, boolean pass) {
        Score score = pass ? Score.pass("found " + assertion.value()) : Score.fail("missing " + assertion.value()
                + " in " + output);
        RowScore rowScore = new RowScore(pass ? 1 : 0, pass, score.reason(),
                List.of(new AssertionResult(assertion, score)), Map.of());
        return new SampleResult(row.id(), 0, output, rowScore, null, Usage.UNKNOWN, 100, false);
    }

    /** A first version: 10 rows, 9 pass, against a minimum pass rate of 0.8. */
    static GateResult noBaseline() {
        List<Row> rows = rows(10);
        GateRules rules = GateRules.builder().minPassRate(0.8).build();
        return new Gate(rules).evaluate(candidate(outcomes(rows, passingRanges(10, new int[] {1, 9}))), null);
    }
}
