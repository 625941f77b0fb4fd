package dev.prompteval.internal.gate;

import dev.prompteval.gate.Outcome;
import dev.prompteval.internal.stats.Interval;
import dev.prompteval.internal.stats.Measure;
import dev.prompteval.internal.stats.MetricKey;
import dev.prompteval.internal.stats.PairedComparison;
import dev.prompteval.internal.stats.PowerAnalysis;
import dev.prompteval.internal.stats.SuiteComparison;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The three-way regression decision, for each gated metric, with [L, U] the comparison's interval for the paired
 * difference, m the allowed regression and p the drop test's p-value after Holm's adjustment over every regression
 * check of the build ({@link BuildFamily}):
 * <ul>
 *   <li>PASS when {@code L >= -m}: the candidate is shown to be no worse than the margin (WARN when a drop is also
 *       shown: real, but within the margin);</li>
 *   <li>FAIL when {@code p <= alpha/2} and {@code L < -m}: a drop is shown, and it is not shown to be within the
 *       margin;</li>
 *   <li>INCONCLUSIVE otherwise, or when there are too few rows for an interval. The message says what drop the data
 *       could not rule out ({@code -L}) and what would settle it.</li>
 * </ul>
 * Gated metrics: the overall score and pass rate with the suite's {@code maxRegression}; the score and pass rate of a
 * {@code __metric} or tag only when a {@code maxRegression} is configured for it (see {@link Limits}).
 *
 * <p>What would settle it: if the observed difference d stayed where it is, a PASS needs the lower bound above -m
 * (distance {@code d + m}) and a FAIL needs the drop shown (distance {@code -d}); the larger distance is the one a
 * smaller sample resolves first, so the rows and repeats quoted are those with which a true difference of that size
 * is resolved with 80% power ({@link PowerAnalysis}), rows as a range.
 */
final class RegressionRules {
    private RegressionRules() {
    }

    /** The comparisons this suite's rules gate, with their margins, in the order they are checked. */
    static List<Gated> gated(GateRules rules, SuiteComparison comparison) {
        List<Gated> gated = new ArrayList<>();
        for (SliceLimits target : SliceLimits.of(rules)) {
            Double margin = target.limits().maxRegression();
            if (margin == null) continue;
            for (Measure measure : Measure.values()) {
                // Absent when the slice has no paired, scored row; the pairing and error rules fail the gate then.
                comparison.find(new MetricKey(measure, target.slice()))
                        .ifPresent(c -> gated.add(new Gated(c, margin)));
            }
        }
        return gated;
    }

    /** One gated comparison and its margin. */
    record Gated(PairedComparison comparison, double margin) {
        /**
         * Whether two gated comparisons test the same thing: the score and the pass rate of one slice whose rows
         * are all pass/fail with one sample, where the score of every row is its pass. They count once in the family.
         */
        boolean sameDataAs(Gated other) {
            return comparison.metric().slice().equals(other.comparison.metric().slice())
                    && comparison.pairs().equals(other.comparison.pairs());
        }
    }

    static RuleCheck judge(String suite, Gated gated, DropEvidence drop, double level) {
        PairedComparison comparison = gated.comparison();
        double margin = gated.margin();
        Interval delta = comparison.interval();
        double candidate = comparison.candidate().mean();
        double baseline = comparison.baseline().mean();
        // Read on the baseline's scale; a value a share cannot take is never printed.
        Interval shifted = delta.shift(baseline);
        Interval shown = shifted.defined() ? new Interval(Math.max(0, shifted.lower()), Math.min(1, shifted.upper()),
                shifted.level(), shifted.method()) : shifted;
        Numbers numbers = Numbers.forLine(candidate, shown.lower(), shown.upper(), baseline, margin,
                baseline - margin);
        String head = suite + ": " + comparison.metric().label() + " is "
                + Lines.valueWithInterval(numbers, candidate, shown);
        String m = numbers.format(margin);
        String b = numbers.format(baseline);
        boolean dropShown = drop.adjustedPValue() <= (1 - level) / 2;

        Outcome outcome;
        String message;
        Long rows = null;
        Long repeats = null;
        if (delta.defined() && delta.lower() >= -margin) {
            outcome = dropShown ? Outcome.WARN : Outcome.PASS;
            message = dropShown
                    ? head + ", below baseline " + b + ": a real drop, but within the allowed regression " + m
                    : head + ", baseline is " + b + ": within the allowed regression " + m;
        } else if (dropShown) {
            outcome = Outcome.FAIL;
            message = head + ", but baseline is " + b + " and the allowed regression is " + m + " (" + evidence(drop)
                    + ")";
        } else {
            outcome = Outcome.INCONCLUSIVE;
            double d = comparison.delta().mean();
            double effect = Math.max(d + margin, -d);
            Optional<PowerAnalysis.Range> rowsNeeded = PowerAnalysis.rowsToDetect(comparison, effect);
            OptionalLong repeatsNeeded = PowerAnalysis.repeatsToDetect(comparison, effect);
            rows = rowsNeeded.map(PowerAnalysis.Range::estimate).orElse(null);
            repeats = repeatsNeeded.isPresent() ? repeatsNeeded.getAsLong() : null;
            message = head + ", baseline is " + b + ": inconclusive; " + advice(comparison, delta, margin,
                    rowsNeeded.orElse(null), repeats);
        }
        return new RuleCheck(RuleId.MAX_REGRESSION, outcome, comparison.metric(), null, candidate, shown, baseline,
                margin, rows, repeats, drop, message);
    }

    private static String evidence(DropEvidence drop) {
        String p = String.format(Locale.ROOT, "%s p = %s", drop.test().label(), pValue(drop.pValue()));
        return drop.family() == 1 ? p : p + String.format(Locale.ROOT, ", %s after Holm's adjustment for %d"
                + " regression checks in the build", pValue(drop.adjustedPValue()), drop.family());
    }

    private static String pValue(double p) {
        return p < 0.0001 ? "<0.0001" : String.format(Locale.ROOT, "%.4f", p);
    }

    private static String advice(PairedComparison comparison, Interval delta, double margin,
                                 PowerAnalysis.Range rows, Long repeats) {
        String points = points(margin);
        if (!delta.defined() || comparison.delta().clusters() < 2) {
            return comparison.delta().clustered()
                    ? "too few clusters (" + comparison.delta().clusters() + ") for an interval"
                    : "too few rows (" + comparison.n() + ") for an interval";
        }
        String ruledOut = -delta.lower() > 0
                ? "could not rule out a drop of up to " + points(-delta.lower())
                : "could not show it within the allowed regression of " + points;
        if (rows == null && repeats == null) {
            return ruledOut + "; the difference sits on the margin, so more rows or samples will not settle it";
        }
        var advice = new StringBuilder(ruledOut).append("; about ");
        if (rows != null) {
            advice.append(String.format(Locale.ROOT, "%,d rows (", rows.estimate()));
            if (rows.low() != rows.high()) {
                advice.append(String.format(Locale.ROOT, "%,d to %,d; ", rows.low(), rows.high()));
            }
            advice.append(String.format(Locale.ROOT, "now %,d)", comparison.n()));
        }
        if (repeats != null) {
            advice.append(rows != null ? " or " : "").append(repeats).append(" samples per row (now ")
                    .append(comparison.repeats()).append(")");
        }
        return advice.append(" would settle a ").append(points.replace(" points", "-point").replace(" point", "-point"))
                .append(" margin").toString();
    }

    /** {@code 6.1 points} for 0.061. */
    private static String points(double value) {
        double p = value * 100;
        return (Math.abs(p - Math.rint(p)) < 0.05 ? String.format(Locale.ROOT, "%.0f", p)
                : String.format(Locale.ROOT, "%.1f", p)) + (Math.abs(p - 1) < 0.05 ? " point" : " points");
    }
}
