package dev.prompteval.internal.stats;

import dev.prompteval.dataset.Row;
import dev.prompteval.internal.run.RowResult;
import dev.prompteval.internal.run.RunResult;
import dev.prompteval.internal.run.SampleResult;
import dev.prompteval.internal.score.RowScore;
import dev.prompteval.provider.Usage;
import dev.prompteval.template.ModelSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds rows and run results for statistics and gate tests. */
public final class TestRuns {
    private static final ModelSpec MODEL = new ModelSpec("openai", "gpt-4o-mini", Map.of());

    private TestRuns() {
    }

    public static Row row(String id) {
        return row(id, null, null);
    }

    public static Row row(String id, String metric, String cluster, String... tags) {
        return new Row(id, 1, 2, Map.of(), List.of(), null, metric, null, Map.of(), Set.of(tags), cluster);
    }

    public static Row described(String id, String description, String... tags) {
        return new Row(id, 1, 2, Map.of(), List.of(), description, null, null, Map.of(), Set.of(tags), null);
    }

    /** Rows {@code r1..rN}. */
    public static List<Row> rows(int n) {
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i <= n; i++) rows.add(row("r" + i));
        return rows;
    }

    /** One sample per given value; score = value, passing when value is 1. */
    public static RowResult scored(Row row, double... values) {
        List<SampleResult> samples = new ArrayList<>();
        for (int k = 0; k < values.length; k++) samples.add(sample(row.id(), k, values[k], values[k] == 1.0, "ok"));
        return new RowResult(row, samples);
    }

    public static SampleResult sample(String rowId, int k, double score, boolean pass, String reason) {
        return new SampleResult(rowId, k, "output " + k, new RowScore(score, pass, reason, List.of(), Map.of()), null,
                Usage.UNKNOWN, 0, false);
    }

    public static RowResult errored(Row row, String error) {
        return new RowResult(row, List.of(SampleResult.error(row.id(), 0, error, 5)));
    }

    /** Pass/fail rows with one sample each: {@code passes[i]} is row i's outcome. */
    public static List<RowResult> binary(List<Row> rows, boolean[] passes) {
        List<RowResult> results = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) results.add(scored(rows.get(i), passes[i] ? 1 : 0));
        return results;
    }

    /** {@code n} outcomes: the first {@code passing} pass. */
    public static boolean[] firstPass(int n, int passing) {
        boolean[] passes = new boolean[n];
        Arrays.fill(passes, 0, passing, true);
        return passes;
    }

    public static RunResult run(String suite, List<RowResult> rows) {
        return run(suite, rows, true);
    }

    public static RunResult run(String suite, List<RowResult> rows, boolean complete) {
        return new RunResult(suite, "order-summary-prompt", "label:prod", 3, "sha256:abc", "sha256:def", MODEL, rows,
                complete);
    }
}
