package dev.prompteval.internal.report;

import dev.prompteval.gate.Outcome;
import dev.prompteval.internal.gate.GateResult;
import dev.prompteval.internal.gate.RuleCheck;
import dev.prompteval.internal.gate.RuleId;
import dev.prompteval.internal.stats.Interval;
import dev.prompteval.internal.stats.MetricKey;
import dev.prompteval.internal.stats.PairedComparison;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One line of a suite's metric table: the candidate's value, the baseline's and the paired difference with its
 * interval when there is a baseline, and how the gate judged the metric.
 *
 * @param key       the metric
 * @param n         rows behind the numbers (paired rows with a baseline)
 * @param candidate the candidate's mean
 * @param own       the candidate's own t-interval (shown without a baseline)
 * @param baseline  the baseline's mean over the paired rows, or null without a baseline
 * @param delta     the mean paired difference, or null without a baseline
 * @param interval  the interval [L, U] of the difference the gate used, or null without a baseline
 * @param outcome   the worst outcome of the checks on this metric, or null when no rule checks it
 * @param margin    the allowed regression m when a regression rule checks it, else null
 * @param minimum   the minimum of an absolute rule on it, else null
 */
record MetricLine(MetricKey key, int n, double candidate, Interval own, Double baseline, Double delta,
                  Interval interval, Outcome outcome, Double margin, Double minimum) {

    static List<MetricLine> of(GateResult gate) {
        List<MetricLine> lines = new ArrayList<>();
        if (gate.comparison() != null) {
            for (PairedComparison c : gate.comparison().comparisons()) {
                lines.add(new MetricLine(c.metric(), c.n(), c.candidate().mean(), c.candidate().interval(),
                        c.baseline().mean(), c.delta().mean(), c.interval(), outcome(gate, c.metric()),
                        limit(gate, c.metric(), RuleId.MAX_REGRESSION), minimum(gate, c.metric())));
            }
        } else {
            gate.candidateSummary().metrics().forEach((key, estimate) -> lines.add(new MetricLine(key, estimate.n(),
                    estimate.mean(), estimate.interval(), null, null, null, outcome(gate, key), null,
                    minimum(gate, key))));
        }
        return lines;
    }

    /** Overall metrics and those a rule checks come first; the other metric and tag slices are for reference. */
    boolean headline() {
        return key.slice().kind() == dev.prompteval.internal.stats.Slice.Kind.ALL || outcome != null;
    }

    /** True when the metric has a difference to draw: a baseline and a defined interval. */
    boolean compared() {
        return interval != null && interval.defined();
    }

    private static Outcome outcome(GateResult gate, MetricKey key) {
        return checks(gate, key).map(RuleCheck::outcome).max(Comparator.naturalOrder()).orElse(null);
    }

    private static Double minimum(GateResult gate, MetricKey key) {
        Double passRate = limit(gate, key, RuleId.MIN_PASS_RATE);
        return passRate != null ? passRate : limit(gate, key, RuleId.MIN_SCORE);
    }

    private static Double limit(GateResult gate, MetricKey key, RuleId rule) {
        return checks(gate, key).filter(c -> c.rule() == rule).map(RuleCheck::limit).findFirst().orElse(null);
    }

    private static java.util.stream.Stream<RuleCheck> checks(GateResult gate, MetricKey key) {
        return gate.checks().stream().filter(c -> key.equals(c.metric()));
    }
}
