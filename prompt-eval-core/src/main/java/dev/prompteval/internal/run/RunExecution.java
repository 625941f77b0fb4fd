package dev.prompteval.internal.run;

import dev.prompteval.dataset.Row;
import dev.prompteval.internal.run.RunOutcome.StopReason;
import dev.prompteval.internal.template.TemplateException;
import dev.prompteval.provider.ModelProvider;
import dev.prompteval.template.RenderedPrompt;

import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One run of a {@link RunSpec}. {@code concurrency} workers each loop: take the next (row, sample) from the shared
 * dataset cursor, call the model, record the result. A worker whose call has answered goes straight on to the next
 * task, with no hand-off to another thread, so the runner adds next to nothing to the model's latency; the number
 * of workers is the concurrency bound, and rows are read only as fast as they are needed (a million-row dataset is
 * never held as tasks). Results land in per-row slots; a row whose samples are all in is written to a
 * {@link RowResultFile} at its dataset position and its slot (row, rendered prompt, outputs) let go, so the run holds
 * the rows in flight, not every row, and its result lists them in dataset order whatever order they completed in.
 */
final class RunExecution {
    private final RunSpec spec;
    private final RunOptions options;
    private final RunJournal journal;
    private final RunProgress progress;
    private final CancellationToken stop = new CancellationToken();
    /** The caller's token, set when the run starts. */
    private volatile CancellationToken cancel;
    /** Rows read whose samples are not all in yet, by row index; the rest are in {@link #finished}. */
    private final Map<Integer, RowSlot> open = new ConcurrentHashMap<>();
    private RowResultFile finished;
    private final Map<String, Long> rowNumbersById = new HashMap<>();
    private final ModelProvider provider;
    private final OutputScorer scorer;
    /** The calls in flight, this run's own or shared with the runs made together with it. */
    private final AdaptiveConcurrency inFlight;
    private volatile StopReason stopReason;
    private volatile String stopDetail;
    private volatile RuntimeException readFailure;
    // The cursor over the dataset, guarded by `this`:
    private Iterator<Row> rows;
    private RowSlot current;
    private int nextSample;
    private long tasks;
    private int rowsRead;
    private boolean allRowsRead;

    RunExecution(RunSpec spec, RunOptions options, ModelProvider provider, OutputScorer scorer, RunJournal journal,
                 ProgressListener listener, AdaptiveConcurrency inFlight) {
        this.spec = spec;
        this.inFlight = inFlight;
        this.options = options;
        this.journal = journal;
        this.progress = new RunProgress(listener, options.clock(), options.progressInterval());
        this.provider = provider;
        this.scorer = scorer;
    }

    RunOutcome run(Iterable<Row> dataset, CancellationToken cancel) {
        if (dataset instanceof Collection<?> known) progress.total((long) known.size() * spec.repeat());
        finished = RowResultFile.create(journal.file() == null ? null : journal.file().toAbsolutePath().getParent());
        rows = dataset.iterator();
        ExecutorService workers = Executors.newFixedThreadPool(options.concurrency(),
                daemonThreads("prompt-eval-worker-"));
        ExecutorService callHelpers = options.attemptTimeout() == null ? null
                : Executors.newCachedThreadPool(daemonThreads("prompt-eval-call-"));
        var task = new SampleTask(new ModelCall(provider, options.attemptTimeout(), callHelpers), scorer, options,
                stop, progress, inFlight);
        var finished = new CountDownLatch(options.concurrency());
        this.cancel = cancel;
        var link = cancel.onCancel(() -> stop(StopReason.CANCELLED, "cancelled (" + cancel.reason() + ")"));
        var wake = stop.onCancel(inFlight::wakeAll);
        boolean interrupted;
        try {
            for (int i = 0; i < options.concurrency(); i++) {
                workers.execute(() -> {
                    try {
                        work(task);
                    } finally {
                        finished.countDown();
                    }
                });
            }
            interrupted = awaitWorkers(finished);
        } finally {
            link.close();
            wake.close();
            workers.shutdown();
            if (callHelpers != null) callHelpers.shutdownNow();
        }
        if (interrupted) Thread.currentThread().interrupt();
        if (readFailure != null) throw readFailure;
        return outcome();
    }

    /** Waits for every worker; an interrupt stops the run, and the wait goes on for the calls in flight. */
    private boolean awaitWorkers(CountDownLatch finished) {
        boolean interrupted = false;
        while (true) {
            try {
                finished.await();
                return interrupted;
            } catch (InterruptedException e) {
                interrupted = true;
                stop(StopReason.CANCELLED, "the running thread was interrupted");
            }
        }
    }

    private void work(SampleTask task) {
        for (Task next = next(); next != null; next = next()) {
            if (resumed(next)) continue;
            Rendering rendering = next.slot.rendering();
            SampleResult result;
            if (rendering.error != null) {
                progress.failed(rendering.cause);
                result = SampleResult.error(next.slot.row.id(), next.sample, rendering.error, 0);
            } else {
                try {
                    result = task.run(next.slot.row, rendering.prompt, spec.model(), next.sample);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (result != null) record(next.slot, next.sample, result);
        }
    }

    /** The next (row, sample) to run, or null when there is none or the run is stopping. */
    private synchronized Task next() {
        while (!stopping()) {
            if (current != null && nextSample < spec.repeat()) {
                int sample = nextSample++;
                // an earlier result is read back by the worker (resumed), outside this lock: workers read in parallel
                return new Task(current, sample);
            } else if (!readRow()) {
                return null;
            }
        }
        return null;
    }

    /**
     * Whether the run is stopping. The caller's token is read too, not only the callback it runs: a token is
     * cancelled before its callbacks run, and in between no new task may start.
     */
    private boolean stopping() {
        if (cancel.isCancelled() && !stop.isCancelled()) {
            stop(StopReason.CANCELLED, "cancelled (" + cancel.reason() + ")");
        }
        return stop.isCancelled();
    }

    /** Reads the next row; false at the end of the rows or when reading them failed. */
    private boolean readRow() {
        try {
            if (!rows.hasNext()) {
                allRowsRead = true;
                progress.total(tasks);
                return false;
            }
            Row row = rows.next();
            current = new RowSlot(rowsRead, row, duplicateId(row), new SampleResult[spec.repeat()]);
        } catch (RuntimeException e) {
            // The dataset is broken: stop, let the calls in flight finish (they are journaled), then fail.
            readFailure = e;
            stop.cancel("the dataset could not be read");
            return false;
        }
        open.put(rowsRead++, current);
        tasks += spec.repeat();
        nextSample = 0;
        return true;
    }

    /** The error for a row whose id an earlier row already has, or null. */
    private String duplicateId(Row row) {
        Long first = rowNumbersById.putIfAbsent(row.id(), row.rowNumber());
        return first == null ? null : "row " + row.displayName() + " (line " + row.line() + ") has the id of row "
                + first + "; every row needs its own __id so that baseline and candidate rows pair up";
    }

    private void record(RowSlot slot, int sample, SampleResult result) {
        try {
            journal.append(result);
        } catch (RunJournalException e) {
            stop(StopReason.JOURNAL_FAILED, e.getMessage());
        }
        keep(slot, sample, result);
        double spent = progress.completed(result);
        if (spent >= options.budgetUsd()) {
            stop(StopReason.BUDGET, "the budget of $" + BigDecimal.valueOf(options.budgetUsd()).stripTrailingZeros()
                    .toPlainString() + " was reached");
        }
        progress.maybeReport();
    }

    /**
     * Puts a sample in its row's slot; the row's last sample writes the row to the file and lets the slot go.
     *
     * @return false when the row could not be written, which stops the run
     */
    private boolean keep(RowSlot slot, int sample, SampleResult result) {
        RowResult done;
        synchronized (slot) {
            slot.samples[sample] = result;
            if (++slot.recorded < slot.samples.length) return true;
            done = new RowResult(slot.row, Arrays.asList(slot.samples));
        }
        try {
            finished.put(slot.index, done);
        } catch (UncheckedIOException e) {
            stop(StopReason.JOURNAL_FAILED, e.getMessage());
            return false;
        }
        open.remove(slot.index);
        return true;
    }

    private void stop(StopReason reason, String detail) {
        synchronized (stop) {
            if (stopReason == null) {
                stopDetail = detail;
                stopReason = reason;
            }
        }
        stop.cancel(detail);
    }

    private RunOutcome outcome() {
        boolean complete = allRowsRead && open.isEmpty();
        // A stopped run lists its unfinished rows with the samples they have; the workers are done with them.
        for (RowSlot slot : new TreeMap<>(open).values()) {
            List<SampleResult> samples = Arrays.stream(slot.samples).filter(Objects::nonNull).toList();
            if (!samples.isEmpty()) finished.put(slot.index, new RowResult(slot.row, samples));
        }
        open.clear();
        var result = new RunResult(spec.suite(), spec.promptName(), spec.reference(), spec.version(),
                spec.template().contentHash(), spec.datasetHash(), spec.model(), finished.rows(), complete);
        Progress last = progress.finish();
        StopReason reason = complete ? StopReason.COMPLETED : Objects.requireNonNull(stopReason,
                "an incomplete run always has a stop reason");
        var warnings = new ArrayList<>(journal.warnings());
        if (progress.listenerFailure() != null) {
            warnings.add("the progress listener failed: " + progress.listenerFailure());
        }
        return new RunOutcome(result, reason, message(reason, last), last, warnings);
    }

    private String message(StopReason reason, Progress last) {
        var sb = new StringBuilder("suite ").append(spec.suite()).append(", ").append(spec.promptName())
                .append(" (").append(spec.reference()).append("): ");
        if (reason != StopReason.COMPLETED) sb.append("stopped early: ").append(stopDetail).append("; ");
        sb.append(last.done()).append(reason == StopReason.COMPLETED ? " results" : " results kept");
        if (last.resumed() > 0) sb.append(", ").append(last.resumed()).append(" resumed from the run journal");
        sb.append(String.format(Locale.ROOT, ", $%.4f spent", last.costUsd()));
        if (last.errors() > 0) {
            sb.append("; ").append(last.errors()).append(" not evaluated (").append(last.causes())
                    .append("): they have no result, so they say nothing about the prompt");
            if (reason == StopReason.COMPLETED) {
                sb.append(". Run again to evaluate them");
                sb.append(journal.file() != null ? ": the run journal " + journal.file() + " keeps every completed "
                        + "result and only these are called again" : ": with the cache on, completed calls are served "
                        + "from it");
            }
        }
        if (reason != StopReason.COMPLETED) {
            sb.append(". The run is incomplete and fails the gate");
            if (reason == StopReason.BUDGET) sb.append("; raise the budget");
            if (journal.file() != null) {
                sb.append(reason == StopReason.BUDGET ? " and run" : "; run").append(" again to resume from ")
                        .append(journal.file());
            }
        }
        return sb.toString();
    }

    private static ThreadFactory daemonThreads(String prefix) {
        var count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * One row, its rendering and the samples it has so far. The first worker to need the rendering makes it,
     * outside the dataset cursor's lock, so that slow templates do not hold up the other workers. Samples are put in
     * under the slot's lock.
     */
    private final class RowSlot {
        private final int index;
        private final Row row;
        private final SampleResult[] samples;
        private int recorded;
        private Rendering rendering;

        RowSlot(int index, Row row, String error, SampleResult[] samples) {
            this.index = index;
            this.row = row;
            this.samples = samples;
            this.rendering = error == null ? null : new Rendering(null, error, "duplicate row id");
        }

        synchronized Rendering rendering() {
            if (rendering == null) {
                try {
                    rendering = new Rendering(spec.template().render(row.variables()), null, null);
                } catch (TemplateException e) {
                    rendering = new Rendering(null, "row " + row.displayName() + " (line " + row.line() + "): "
                            + e.getMessage(), "template rendering");
                }
            }
            return rendering;
        }
    }

    private record Rendering(RenderedPrompt prompt, String error, String cause) {
    }

    /**
     * Keeps the earlier run's result for the task, when the journal has it; false when it must be run. A result that
     * cannot be read back stops the run.
     */
    private boolean resumed(Task task) {
        SampleResult earlier;
        try {
            earlier = journal.completed(task.slot.row.id(), task.sample);
        } catch (RunJournalException e) {
            // as when the journal cannot be written: stop, and say which file
            stop(StopReason.JOURNAL_FAILED, e.getMessage());
            return true;
        }
        if (earlier == null) return false;
        progress.resumed();
        keep(task.slot, task.sample, earlier);
        return true;
    }

    /** A (row, sample) to run, or to take from the journal when an earlier run completed it. */
    private record Task(RowSlot slot, int sample) {
    }
}
