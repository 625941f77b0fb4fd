package dev.prompteval.gate;

import dev.prompteval.stats.Interval;
import dev.prompteval.stats.Measure;
import dev.prompteval.stats.MetricKey;
import dev.prompteval.stats.PairedComparison;
import dev.prompteval.stats.PowerAnalysis;
import dev.prompteval.stats.SuiteComparison;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The three-way regression decision (docs/design.md), for each gated metric, with [L, U] the interval of the paired
 * difference and m the allowed regression:
 * <ul>
 *   <li>PASS when {@code L >= -m}: the candidate is shown to be no worse than the margin (WARN when also
 *       {@code U < 0}: a real drop, but within the margin);</li>
 *   <li>FAIL when {@code U < 0} (and {@code L < -m}): a drop is shown and it is not shown to be within the margin;</li>
 *   <li>INCONCLUSIVE otherwise, or when there are too few rows for an interval.</li>
 * </ul>
 * Gated metrics: the overall score and pass rate with the suite's {@code maxRegression}; the score and pass rate of a
 * {@code __metric} or tag only when a {@code maxRegression} is configured for it (see {@link Limits}).
 *
 * <p>An INCONCLUSIVE check says what would likely settle it. If the observed difference d stayed where it is, a
 * PASS needs the interval's lower bound above -m (distance {@code d + m}) and a FAIL needs its upper bound below 0
 * (distance {@code -d}); with e = the larger of the two, {@link PowerAnalysis} gives the rows
 * ({@code n * (MDE / e)^2}) or repeats with which a true difference of that size is resolved with 80% power.
 */
final class RegressionRules {
    private RegressionRules() {
    }

    static List<RuleCheck> check(GateRules rules, SuiteComparison comparison) {
        List<RuleCheck> checks = new ArrayList<>();
        for (SliceLimits target : SliceLimits.of(rules)) {
            Double margin = target.limits().maxRegression();
            if (margin == null) continue;
            for (Measure measure : Measure.values()) {
                // Absent when the slice has no paired, scored row; the pairing and error rules fail the gate then.
                comparison.find(new MetricKey(measure, target.slice()))
                        .ifPresent(c -> checks.add(judge(comparison.suite(), c, margin)));
            }
        }
        return checks;
    }

    static RuleCheck judge(String suite, PairedComparison comparison, double margin) {
        Interval delta = comparison.interval();
        double candidate = comparison.candidate().mean();
        double baseline = comparison.baseline().mean();
        Interval shown = delta.shift(baseline);
        Numbers numbers = Numbers.forLine(candidate, shown.lower(), shown.upper(), baseline, margin,
                baseline - margin);
        String head = suite + ": " + comparison.metric().label() + " is "
                + Lines.valueWithInterval(numbers, candidate, shown);
        String m = numbers.format(margin);
        String b = numbers.format(baseline);

        Outcome outcome;
        String message;
        Long rows = null;
        Long repeats = null;
        if (delta.defined() && delta.lower() >= -margin) {
            outcome = delta.upper() < 0 ? Outcome.WARN : Outcome.PASS;
            message = delta.upper() < 0
                    ? head + ", below baseline " + b + ": a real drop, but within the allowed regression " + m
                    : head + ", baseline is " + b + ": within the allowed regression " + m;
        } else if (delta.defined() && delta.upper() < 0) {
            outcome = Outcome.FAIL;
            message = head + ", but baseline is " + b + " and the allowed regression is " + m;
        } else {
            outcome = Outcome.INCONCLUSIVE;
            double d = comparison.delta().mean();
            double effect = Math.max(d + margin, -d);
            OptionalLong rowsNeeded = PowerAnalysis.rowsToDetect(comparison, effect);
            OptionalLong repeatsNeeded = PowerAnalysis.repeatsToDetect(comparison, effect);
            rows = rowsNeeded.isPresent() ? rowsNeeded.getAsLong() : null;
            repeats = repeatsNeeded.isPresent() ? repeatsNeeded.getAsLong() : null;
            message = head + ", baseline is " + b + " and the allowed regression is " + m + ": inconclusive; "
                    + advice(comparison, delta, rows, repeats);
        }
        return new RuleCheck(RuleId.MAX_REGRESSION, outcome, comparison.metric(), null, candidate, shown, baseline,
                margin, rows, repeats, message);
    }

    private static String advice(PairedComparison comparison, Interval delta, Long rows, Long repeats) {
        if (!delta.defined()) {
            return comparison.delta().clustered()
                    ? "too few clusters (" + comparison.delta().clusters() + ") for an interval"
                    : "too few rows (" + comparison.n() + ") for an interval";
        }
        if (rows == null) return "the difference sits on the margin, so more rows or repeats will not settle it";
        String advice = "about " + rows + " rows (now " + comparison.n() + ")";
        if (repeats != null) advice += " or repeat " + repeats + " (now " + comparison.repeats() + ")";
        return advice + " would likely settle it";
    }
}
