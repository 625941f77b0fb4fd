package dev.prompteval.internal.run;

import dev.prompteval.dataset.Row;
import dev.prompteval.provider.ModelProvider;

import java.util.Objects;

/**
 * Runs one prompt version over a suite's rows: every (row, sample) task calls the model through the provider,
 * at most {@link RunOptions#concurrency()} at a time, within the rate limits, retrying retryable failures, and
 * scores the output. Failures are error results, never dropped and never the end of the run. Results come back in
 * dataset order; with a {@link RunJournal} each is recorded as it completes and an interrupted run resumes.
 *
 * <p>A render failure (a variable the row lacks) or a repeated row id is an error result for that row's samples.
 * The run stops cleanly, keeping every completed result, when the budget is reached, when the
 * {@link CancellationToken} is cancelled, or when the calling thread is interrupted.
 *
 * <p>A runner may be reused and may run on several threads at once; each {@link #run} has its own worker pool.
 */
public final class Runner {
    private final ModelProvider provider;
    private final OutputScorer scorer;
    private final RunOptions options;

    public Runner(ModelProvider provider, OutputScorer scorer, RunOptions options) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.scorer = Objects.requireNonNull(scorer, "scorer");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Runs without a journal, progress reports or cancellation. */
    public RunOutcome run(RunSpec spec, Iterable<Row> rows) {
        return run(spec, rows, RunJournal.disabled(), ProgressListener.NONE, new CancellationToken());
    }

    /**
     * Runs {@code spec} over {@code rows}, read once, in order (a streaming reader is fine).
     *
     * @param journal  where results are recorded and resumed from ({@link RunJournal#disabled()} for none); the
     *                 caller opens and closes it
     * @param listener told how the run is going
     * @param cancel   cancel it to stop the run cleanly
     * @throws RuntimeException what reading {@code rows} threw, after the calls in flight have finished
     */
    public RunOutcome run(RunSpec spec, Iterable<Row> rows, RunJournal journal, ProgressListener listener,
                          CancellationToken cancel) {
        return new RunExecution(spec, options, provider, scorer, journal, listener).run(rows, cancel);
    }
}
