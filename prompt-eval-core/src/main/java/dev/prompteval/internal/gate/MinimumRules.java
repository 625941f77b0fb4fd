package dev.prompteval.internal.gate;

import dev.prompteval.gate.Outcome;
import dev.prompteval.internal.run.RowResult;
import dev.prompteval.internal.run.RunResult;
import dev.prompteval.internal.stats.Interval;
import dev.prompteval.internal.stats.MeanEstimate;
import dev.prompteval.internal.stats.Measure;
import dev.prompteval.internal.stats.MetricKey;
import dev.prompteval.internal.stats.RunSummary;
import dev.prompteval.internal.stats.Slice;

import java.util.ArrayList;
import java.util.List;

/**
 * Absolute limits in the JaCoCo style: the candidate's mean over all its rows (or a slice's rows) against
 * {@code minPassRate} / {@code minScore}. Judged on the point estimate, like a coverage ratio; the interval is shown
 * for context. Also checks that every configured metric or tag exists, so a misspelt name cannot silently pass.
 */
final class MinimumRules {
    private MinimumRules() {
    }

    static List<RuleCheck> check(GateRules rules, RunResult candidate, RunSummary summary) {
        List<RuleCheck> checks = new ArrayList<>();
        for (SliceLimits target : SliceLimits.of(rules)) {
            Slice slice = target.slice();
            if (slice != Slice.ALL && candidate.rows().stream().noneMatch(r -> slice.contains(r.row()))) {
                checks.add(RuleCheck.of(RuleId.LIMIT_TARGET, Outcome.FAIL, null, candidate.suite()
                        + ": limits are configured for " + slice.label() + ", but no row has that "
                        + slice.kind().name().toLowerCase(java.util.Locale.ROOT)
                        + "; fix the name or remove the limits"));
                continue;
            }
            Limits limits = target.limits();
            if (limits.minPassRate() != null) {
                checks.add(minimum(RuleId.MIN_PASS_RATE, new MetricKey(Measure.PASS_RATE, slice),
                        limits.minPassRate(), summary, candidate));
            }
            if (limits.minScore() != null) {
                checks.add(minimum(RuleId.MIN_SCORE, new MetricKey(Measure.SCORE, slice), limits.minScore(),
                        summary, candidate));
            }
        }
        return checks;
    }

    private static RuleCheck minimum(RuleId rule, MetricKey key, double limit, RunSummary summary,
                                     RunResult candidate) {
        String suite = summary.suite();
        MeanEstimate estimate = summary.get(key).orElse(null);
        if (estimate == null) {
            // No value because the provider answered none of these rows is no verdict on the prompt.
            boolean unanswered = candidate.rows().stream().filter(r -> key.slice().contains(r.row()))
                    .anyMatch(RowResult::notEvaluated);
            return new RuleCheck(rule, unanswered ? Outcome.NOT_EVALUATED : Outcome.FAIL, key, null, null, null,
                    null, limit, null, null, null, suite + ": " + key.label() + " cannot be checked against the "
                    + "minimum " + Numbers.forLine(limit).format(limit) + ": no row has a value"
                    + (unanswered ? " (the provider answered none of them)" : ""));
        }
        double value = estimate.mean();
        Interval interval = estimate.interval();
        Numbers numbers = Numbers.forLine(value, interval.lower(), interval.upper(), limit);
        boolean passed = value >= limit;
        String message = suite + ": " + key.label() + " is " + Lines.valueWithInterval(numbers, value, interval)
                + (passed ? ", at or above" : ", below") + " the minimum " + numbers.format(limit);
        return new RuleCheck(rule, passed ? Outcome.PASS : Outcome.FAIL, key, null, value, interval, null, limit,
                null, null, null, message);
    }
}
