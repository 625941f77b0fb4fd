package dev.prompteval.internal.run;

import java.util.List;

/**
 * A finished run: its results, why it stopped, and its final progress figures.
 *
 * @param result     the results; {@link RunResult#complete()} is false unless every (row, sample) has a result.
 *                   An incomplete run lists the rows that have at least one result, with the samples they have
 * @param stopReason why the run ended
 * @param message    one line for the build log, saying what happened and, for an early stop, what to do
 * @param progress   the final figures (calls, errors, tokens, cost, time)
 * @param warnings   things the user should know that did not stop the run (e.g. a torn journal line dropped)
 */
public record RunOutcome(RunResult result, StopReason stopReason, String message, Progress progress,
                         List<String> warnings) {

    public RunOutcome {
        warnings = List.copyOf(warnings);
    }

    /** Why a run ended. */
    public enum StopReason {
        /** Every (row, sample) has a result (errors included). */
        COMPLETED,
        /** The budget was reached; tasks not yet started were not run. */
        BUDGET,
        /** Cancelled through the {@link CancellationToken}, or the running thread was interrupted. */
        CANCELLED,
        /** The run journal could not be written, so the run stopped rather than pay for unrecorded calls. */
        JOURNAL_FAILED
    }
}
