/**
 * Scoring one output: a {@link dev.prompteval.score.Scorer} per assertion type (score in [0, 1], pass, one-line
 * reason), the {@link dev.prompteval.internal.score.Scorers} registry (built-ins, ServiceLoader, {@code java:} classes) and
 * {@link dev.prompteval.internal.score.RowScorer}, which combines a row's assertions into its weighted score. Model-graded
 * scorers are in {@code score.graded}.
 */
package dev.prompteval.internal.score;
