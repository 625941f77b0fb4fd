package dev.prompteval.internal.run;

import dev.prompteval.dataset.Row;
import dev.prompteval.provider.ModelProvider;

import java.util.List;
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
 * {@link #runTogether} runs several specs (a suite's candidate and baseline) at once within one concurrency.
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
        return new RunExecution(spec, options, provider, scorer, journal, listener,
                new AdaptiveConcurrency(options.concurrency())).run(rows, cancel);
    }

    /**
     * Runs every job at once, sharing one budget of calls in flight: the runners' concurrency, cut for all of them
     * when any meets a rate limit or overload (the versions of a suite call the same provider, as a rule). No run
     * waits for another's ramp-down: while one has few calls left, the others' workers take the free slots. Each
     * run keeps its own workers, journal, progress, budget and stop reason, as with {@link #run}.
     *
     * @return the outcomes, in the jobs' order
     * @throws IllegalArgumentException when the runners' concurrencies differ
     * @throws RuntimeException         what a run threw (reading its rows failed, say), once every run has ended
     */
    public static List<RunOutcome> runTogether(List<Job> jobs, CancellationToken cancel) {
        int concurrency = jobs.get(0).runner().options.concurrency();
        for (Job job : jobs) {
            if (job.runner().options.concurrency() != concurrency) {
                throw new IllegalArgumentException("runs made together share one concurrency; got " + concurrency
                        + " and " + job.runner().options.concurrency());
            }
        }
        var inFlight = new AdaptiveConcurrency(concurrency);
        var outcomes = new RunOutcome[jobs.size()];
        var failures = new Throwable[jobs.size()];
        var threads = new Thread[jobs.size()];
        for (int i = 0; i < jobs.size(); i++) {
            Job job = jobs.get(i);
            Runner runner = job.runner();
            var execution = new RunExecution(job.spec(), runner.options, runner.provider, runner.scorer,
                    job.journal(), job.listener(), inFlight);
            int index = i;
            threads[i] = new Thread(() -> {
                try {
                    outcomes[index] = execution.run(job.rows(), cancel);
                } catch (RuntimeException | Error e) {
                    failures[index] = e;
                }
            }, "prompt-eval-run-" + job.spec().reference());
            threads[i].setDaemon(true);
        }
        for (Thread thread : threads) thread.start();
        boolean interrupted = false;
        for (Thread thread : threads) {
            while (true) {
                try {
                    thread.join();
                    break;
                } catch (InterruptedException e) {
                    // Stops every run as an interrupt stops one; the wait goes on for their calls in flight.
                    interrupted = true;
                    for (Thread each : threads) each.interrupt();
                }
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        Throwable first = null;
        for (Throwable failure : failures) {
            if (failure == null) continue;
            if (first == null) first = failure;
            else first.addSuppressed(failure);
        }
        if (first instanceof RuntimeException e) throw e;
        if (first instanceof Error e) throw e;
        return List.of(outcomes);
    }

    /** One run of {@link #runTogether}: as the arguments of {@link #run}, with the runner that calls for it. */
    public record Job(Runner runner, RunSpec spec, Iterable<Row> rows, RunJournal journal,
                      ProgressListener listener) {
        public Job {
            Objects.requireNonNull(runner, "runner");
            Objects.requireNonNull(spec, "spec");
            Objects.requireNonNull(rows, "rows");
            Objects.requireNonNull(journal, "journal");
            Objects.requireNonNull(listener, "listener");
        }
    }
}
