/**
 * Running one prompt version over a suite's rows: {@link dev.prompteval.internal.run.Runner} executes (row, sample) tasks with
 * bounded concurrency, rate limits, retries and a budget, journals each result as it completes so an interrupted run
 * resumes, and returns a {@link dev.prompteval.internal.run.RunResult} in dataset order. Errors are results, never dropped.
 */
package dev.prompteval.internal.run;
