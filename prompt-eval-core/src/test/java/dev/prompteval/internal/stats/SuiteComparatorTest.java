package dev.prompteval.internal.stats;

import dev.prompteval.dataset.Row;
import dev.prompteval.internal.run.RunResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.prompteval.internal.stats.TestRuns.errored;
import static dev.prompteval.internal.stats.TestRuns.row;
import static dev.prompteval.internal.stats.TestRuns.run;
import static dev.prompteval.internal.stats.TestRuns.scored;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SuiteComparatorTest {
    private final SuiteComparator comparator = new SuiteComparator(ComparisonOptions.DEFAULTS);

    private final Row a = row("a", "accuracy", null, "billing");
    private final Row b = row("b", "accuracy", null);
    private final Row c = row("c", "tone", null, "billing", "critical");
    private final Row d = row("d", null, null);

    @Test
    void pairsRowsByIdAndListsRowsOnOneSide() {
        RunResult cand = run("s", List.of(scored(a, 1), scored(b, 0), scored(d, 1)));
        RunResult base = run("s", List.of(scored(c, 1), scored(b, 1), scored(a, 1)));

        SuiteComparison comparison = comparator.compare(cand, base);

        assertThat(comparison.candidateOnly()).containsExactly("d");
        assertThat(comparison.baselineOnly()).containsExactly("c");
        assertThat(comparison.complete()).isFalse();
        PairedComparison passRate = comparison.find(MetricKey.of(Measure.PASS_RATE)).orElseThrow();
        assertThat(passRate.pairs()).extracting(RowPair::id).containsExactly("a", "b");
        assertThat(passRate.delta().mean()).isCloseTo(-0.5, within(1e-12));
        // Each run's own summary covers all its rows, paired or not: candidate a, b, d pass 1, 0, 1.
        assertThat(comparison.candidateSummary().get(MetricKey.of(Measure.PASS_RATE)).orElseThrow().mean())
                .isCloseTo(2.0 / 3, within(1e-12));
        assertThat(comparison.baselineSummary().get(MetricKey.of(Measure.PASS_RATE)).orElseThrow().n()).isEqualTo(3);
    }

    @Test
    void comparesOverallThenEveryMetricThenEveryTag() {
        RunResult cand = run("s", List.of(scored(a, 1), scored(b, 0), scored(c, 1), scored(d, 0)));
        RunResult base = run("s", List.of(scored(a, 1), scored(b, 1), scored(c, 0), scored(d, 0)));

        SuiteComparison comparison = comparator.compare(cand, base);

        assertThat(comparison.comparisons()).extracting(p -> p.metric().id()).containsExactly(
                "score", "pass-rate",
                "score/metric:accuracy", "pass-rate/metric:accuracy",
                "score/metric:tone", "pass-rate/metric:tone",
                "score/tag:billing", "pass-rate/tag:billing",
                "score/tag:critical", "pass-rate/tag:critical");
        // accuracy = rows a, b: d = 0, -1; billing = rows a, c: d = 0, +1.
        assertThat(comparison.find(new MetricKey(Measure.SCORE, Slice.metric("accuracy"))).orElseThrow()
                .delta().mean()).isCloseTo(-0.5, within(1e-12));
        assertThat(comparison.find(new MetricKey(Measure.PASS_RATE, Slice.tag("billing"))).orElseThrow()
                .delta().mean()).isCloseTo(0.5, within(1e-12));
        assertThat(new MetricKey(Measure.PASS_RATE, Slice.tag("billing")).label()).isEqualTo("pass rate for tag billing");
    }

    @Test
    void aRowsValueIsItsMeanOverSamplesAndItsSpreadIsKept() {
        // Candidate row a: samples 1, 0, 1 -> pass rate 2/3, per-sample variance of {1,0,1} = 1/3.
        // Baseline row a: 1, 1, 1 -> 1, variance 0. Row b: 0.5, 0.7, 0.9 (no sample passes) vs 0.5, 0.5, 0.5.
        RunResult cand = run("s", List.of(scored(a, 1, 0, 1), scored(b, 0.5, 0.7, 0.9)));
        RunResult base = run("s", List.of(scored(a, 1, 1, 1), scored(b, 0.5, 0.5, 0.5)));

        SuiteComparison comparison = comparator.compare(cand, base);

        RowPair passA = comparison.find(MetricKey.of(Measure.PASS_RATE)).orElseThrow().pairs().get(0);
        assertThat(passA.candidate()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(passA.candidateSampleVariance()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(passA.baselineSampleVariance()).isEqualTo(0.0);
        assertThat(passA.repeats()).isEqualTo(3);
        RowPair scoreB = comparison.find(MetricKey.of(Measure.SCORE)).orElseThrow().pairs().get(1);
        assertThat(scoreB.candidate()).isCloseTo(0.7, within(1e-12));
        // {0.5, 0.7, 0.9}: deviations -.2 0 .2, variance 0.08/2 = 0.04.
        assertThat(scoreB.candidateSampleVariance()).isCloseTo(0.04, within(1e-12));
    }

    @Test
    void rowsWithoutAScoreOnOneSideAreLeftOutOfTheScoreComparison() {
        RunResult cand = run("s", List.of(scored(a, 1), errored(b, "HTTP 500"), scored(d, 1)));
        RunResult base = run("s", List.of(scored(a, 1), scored(b, 1), scored(d, 0)));

        SuiteComparison comparison = comparator.compare(cand, base);

        PairedComparison score = comparison.find(MetricKey.of(Measure.SCORE)).orElseThrow();
        assertThat(score.unscored()).containsExactly("b");
        assertThat(score.n()).isEqualTo(2);
        // The pass rate counts an errored sample as failed, so b stays in it.
        assertThat(comparison.find(MetricKey.of(Measure.PASS_RATE)).orElseThrow().n()).isEqualTo(3);
    }

    @Test
    void summaryUsesEveryRowOfTheRunAndItsClusters() {
        Row x1 = row("x1", null, "X");
        Row x2 = row("x2", null, "X");
        Row y1 = row("y1", null, "Y");
        Row y2 = row("y2", null, "Y");
        RunSummary summary = comparator.summarize(run("s", List.of(scored(x1, 1), scored(x2, 0), scored(y1, 1),
                scored(y2, 1))));

        MeanEstimate passRate = summary.get(MetricKey.of(Measure.PASS_RATE)).orElseThrow();
        // mean 0.75; residuals .25 -.75 | .25 .25: cluster sums -0.5, 0.5; SE^2 = 2/1 * 0.5 / 16 = 1/16.
        assertThat(passRate.mean()).isCloseTo(0.75, within(1e-12));
        assertThat(passRate.clustered()).isTrue();
        assertThat(passRate.standardError()).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void duplicateIdsAndOtherSuitesAreClearErrors() {
        RunResult twice = run("s", List.of(scored(a, 1), scored(a, 0)));
        assertThatThrownBy(() -> comparator.compare(twice, run("s", List.of(scored(a, 1)))))
                .hasMessageContaining("row id 'a' appears twice in the candidate run")
                .hasMessageContaining("unique __id");
        assertThatThrownBy(() -> comparator.compare(run("s", List.of()), run("t", List.of())))
                .hasMessageContaining("suite 's'").hasMessageContaining("suite 't'");
    }

}
