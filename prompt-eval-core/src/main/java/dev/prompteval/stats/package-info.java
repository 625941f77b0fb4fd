/**
 * How an interval was computed, {@link dev.prompteval.stats.IntervalMethod}, as {@code gate.json} names it. The
 * statistics are internal.
 */
package dev.prompteval.stats;
