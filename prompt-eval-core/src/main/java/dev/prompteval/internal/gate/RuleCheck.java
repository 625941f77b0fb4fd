package dev.prompteval.internal.gate;

import dev.prompteval.gate.Outcome;
import dev.prompteval.internal.stats.Interval;
import dev.prompteval.internal.stats.MetricKey;

import java.util.Objects;

/**
 * One evaluated rule: passed or not, with the numbers behind it and its one-line message. Checks that block are the
 * gate's violations; see {@link GateResult#violations()}.
 *
 * @param rule          which rule
 * @param outcome       how it came out
 * @param metric        the metric checked, or null for row and run rules
 * @param rowId         the row concerned ({@code __id}), or null
 * @param measured      the candidate's value (0..1), or null
 * @param interval      the interval around {@code measured} as printed in the message, or null: for absolute rules
 *                      the candidate's own t-interval; for {@code max-regression} the interval [L, U] of the paired
 *                      difference added to the baseline value, so it reads directly against the baseline
 * @param baseline      the baseline's value over the same rows, or null
 * @param limit         the minimum for absolute rules, the allowed regression m for {@code max-regression} (the
 *                      candidate fails it when its interval lies below {@code baseline} and reaches below
 *                      {@code baseline - m}), 1 for critical rows; or null
 * @param rowsNeeded    for INCONCLUSIVE: about how many rows would likely settle it, or null
 * @param repeatsNeeded for INCONCLUSIVE: about how many samples per row would likely settle it, or null
 * @param drop          for {@code max-regression}: the test of whether a drop is shown, with its p-value adjusted
 *                      for every regression check of the build; null for other rules
 * @param message       the one-line message, starting with the suite name (line breaks become spaces)
 */
public record RuleCheck(RuleId rule, Outcome outcome, MetricKey metric, String rowId, Double measured,
                        Interval interval, Double baseline, Double limit, Long rowsNeeded, Long repeatsNeeded,
                        DropEvidence drop, String message) {
    public RuleCheck {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(outcome, "outcome");
        // Reasons, errors and descriptions may span lines; a check is one line.
        message = Objects.requireNonNull(message, "message").strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /** A check about a run or a row, without a metric's numbers. */
    static RuleCheck of(RuleId rule, Outcome outcome, String rowId, String message) {
        return new RuleCheck(rule, outcome, null, rowId, null, null, null, null, null, null, null, message);
    }
}
