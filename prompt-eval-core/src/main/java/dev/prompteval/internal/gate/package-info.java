/**
 * The regression gate: rules per suite ({@link dev.prompteval.internal.gate.GateRules}) and the decision
 * ({@link dev.prompteval.internal.gate.Gate#evaluate} returns a {@link dev.prompteval.internal.gate.GateResult}).
 *
 * <p>Rules, in the order they are checked (ids as in {@link dev.prompteval.internal.gate.RuleId}):
 * <ol>
 *   <li>hard rules, which fail whatever the statistics say: {@code complete-run} (both runs finished, every row has
 *       a sample), {@code paired-rows} (no row on one side only), {@code no-errors} (no row errored for a reason of
 *       the prompt's or the dataset's, in either run), {@code evaluated} (no row was left without an answer by the
 *       provider), {@code critical-rows} (every {@code critical} candidate row passed in at least
 *       {@code criticalPassRate} of its evaluated samples);</li>
 *   <li>absolute limits on the candidate's own means, JaCoCo style: {@code min-pass-rate}, {@code min-score}, overall
 *       and per {@code __metric} or tag ({@link dev.prompteval.internal.gate.Limits}); {@code limit-target} fails a limit
 *       whose metric or tag no row has;</li>
 *   <li>{@code max-regression}, the three-way paired decision (docs/design.md; see {@code RegressionRules}): PASS when
 *       the interval's lower bound L >= -m (WARN when a drop is also shown), FAIL when a drop is shown (the drop test's
 *       Holm-adjusted p <= alpha/2) and L < -m, else INCONCLUSIVE with what it could not rule out and the rows or
 *       repeats that would settle it. Gated: the overall score and pass rate; a metric's or tag's score and
 *       pass rate only when that slice has its own {@code maxRegression}, since gating every slice at the same level
 *       multiplies false alarms. All slices are compared and reported either way.</li>
 * </ol>
 * Samples that got no answer for reasons outside the prompt (rate limits past the retry budget, an outage, quota,
 * the key: {@link dev.prompteval.internal.run.SampleResult#notEvaluated()}) are left out of every statistic and never count
 * as failed; {@code evaluated} (and {@code complete-run} for a run stopped early) then say NOT_EVALUATED, with counts
 * by cause and how to resume.
 * The suite is FAIL if any check fails, else NOT_EVALUATED if any check is, else INCONCLUSIVE if any check is, else
 * PASS. {@link dev.prompteval.internal.gate.GateResult#blocking()} applies the {@link dev.prompteval.gate.GatePolicy}: FAIL
 * and NOT_EVALUATED block, INCONCLUSIVE only under the strict policy. {@link dev.prompteval.internal.gate.Gate#decideTogether} decides the suites of one
 * build together, so that its regression checks share one false-block rate (Holm, see {@code BuildFamily}).
 * Without a baseline, only hard rules and absolute limits apply, and {@link dev.prompteval.internal.gate.GateResult#notes()}
 * says so.
 *
 * <p>Under the null hypothesis of no difference, a build blocks with probability at most about alpha/2 however many
 * suites it has; a true drop of exactly m is declared PASS with at most alpha/2 (exact enumeration in the tests).
 *
 * <p>Messages are one line each, values on the 0..1 scale with two decimals (more when two would hide a difference),
 * e.g. {@code order-summary: pass rate is 0.81 [0.76, 0.84], but baseline is 0.90 and the allowed regression is 0.02
 * (McNemar mid-p p = <0.0001)};
 * the bracketed interval of a regression line is [L, U] added to the baseline value.
 */
package dev.prompteval.internal.gate;
