/**
 * Batch mode: the calls a run would make are submitted at once through the provider's batch API, at the batch
 * price, waited for, and collected into the answers the runner is served, so they are cached and recorded as any
 * answer and the gate decides the same way. The batch ids are kept next to the run journals, so an interrupted or
 * time-limited build resumes polling instead of submitting again.
 */
package dev.prompteval.internal.batch;
