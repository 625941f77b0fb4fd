package dev.prompteval.run;

import dev.prompteval.dataset.Row;
import dev.prompteval.provider.ModelProvider;
import dev.prompteval.run.RunOutcome.StopReason;
import dev.prompteval.template.RenderedPrompt;
import dev.prompteval.template.TemplateException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One run of a {@link RunSpec}: the calling thread reads the rows, renders each once and hands its samples to a
 * fixed pool of workers, never more than {@code concurrency} at a time (a semaphore, so that a million-row dataset
 * is never queued whole). Results land in per-row slots, which keeps dataset order whatever order they complete in.
 */
final class RunExecution {
    private final RunSpec spec;
    private final RunOptions options;
    private final RunJournal journal;
    private final RunProgress progress;
    private final CancellationToken stop = new CancellationToken();
    private final Semaphore permits;
    private final List<RowSlot> slots = new ArrayList<>();
    private final Map<String, Long> rowNumbersById = new HashMap<>();
    private final SampleTask task;
    private final ExecutorService workers;
    private final ExecutorService callHelpers;
    private volatile StopReason stopReason;
    private volatile String stopDetail;
    private boolean allRowsRead;
    private boolean interrupted;

    RunExecution(RunSpec spec, RunOptions options, ModelProvider provider, OutputScorer scorer, RunJournal journal,
                 ProgressListener listener) {
        this.spec = spec;
        this.options = options;
        this.journal = journal;
        this.progress = new RunProgress(listener, options.clock(), options.progressInterval());
        this.permits = new Semaphore(options.concurrency());
        this.workers = Executors.newFixedThreadPool(options.concurrency(), daemonThreads("prompt-eval-worker-"));
        this.callHelpers = options.attemptTimeout() == null ? null
                : Executors.newCachedThreadPool(daemonThreads("prompt-eval-call-"));
        this.task = new SampleTask(new ModelCall(provider, options.attemptTimeout(), callHelpers), scorer, options,
                stop, progress);
    }

    RunOutcome run(Iterable<Row> rows, CancellationToken cancel) {
        if (rows instanceof Collection<?> known) progress.total((long) known.size() * spec.repeat());
        try (var link = cancel.onCancel(() -> stop(StopReason.CANCELLED, "cancelled (" + cancel.reason() + ")"))) {
            submitAll(rows);
        } catch (RuntimeException e) {
            // The rows could not be read: stop, but keep what is in flight (it is journaled) before failing.
            stop.cancel("the dataset could not be read");
            awaitWorkers();
            throw e;
        }
        awaitWorkers();
        if (interrupted) Thread.currentThread().interrupt();
        return outcome();
    }

    private void submitAll(Iterable<Row> rows) {
        long tasks = 0;
        for (Row row : rows) {
            if (stop.isCancelled()) return;
            var slot = new RowSlot(row, new SampleResult[spec.repeat()]);
            slots.add(slot);
            tasks += spec.repeat();
            String rowError = duplicateId(row);
            RenderedPrompt prompt = null;
            if (rowError == null) {
                try {
                    prompt = spec.template().render(row.variables());
                } catch (TemplateException e) {
                    rowError = "row " + row.displayName() + " (line " + row.line() + "): " + e.getMessage();
                }
            }
            for (int sample = 0; sample < spec.repeat(); sample++) {
                SampleResult earlier = journal.completed(row.id(), sample);
                if (earlier != null) {
                    slot.samples[sample] = earlier;
                    progress.resumed();
                } else if (rowError != null) {
                    record(slot, sample, SampleResult.error(row.id(), sample, rowError, 0));
                } else if (!submit(slot, prompt, sample)) {
                    return;
                }
            }
        }
        allRowsRead = true;
        progress.total(tasks);
    }

    /** Starts one sample when a worker is free; false when the run is stopping instead. */
    private boolean submit(RowSlot slot, RenderedPrompt prompt, int sample) {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            interrupted = true;
            stop(StopReason.CANCELLED, "the running thread was interrupted");
            return false;
        }
        if (stop.isCancelled()) {
            permits.release();
            return false;
        }
        workers.execute(() -> {
            try {
                SampleResult result = task.run(slot.row, prompt, spec.model(), sample);
                if (result != null) record(slot, sample, result);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                permits.release();
            }
        });
        return true;
    }

    private void record(RowSlot slot, int sample, SampleResult result) {
        slot.samples[sample] = result;
        try {
            journal.append(result);
        } catch (RunJournalException e) {
            stop(StopReason.JOURNAL_FAILED, e.getMessage());
        }
        double spent = progress.completed(result);
        if (spent >= options.budgetUsd()) {
            stop(StopReason.BUDGET, String.format(Locale.ROOT, "the budget of $%.2f was reached",
                    options.budgetUsd()));
        }
        progress.maybeReport();
    }

    private void stop(StopReason reason, String detail) {
        synchronized (this) {
            if (stopReason == null) {
                stopDetail = detail;
                stopReason = reason;
            }
        }
        stop.cancel(detail);
    }

    private String duplicateId(Row row) {
        Long first = rowNumbersById.putIfAbsent(row.id(), row.rowNumber());
        return first == null ? null : "row " + row.displayName() + " (line " + row.line() + ") has the id of row "
                + first + "; every row needs its own __id so that baseline and candidate rows pair up";
    }

    /** Waits for every task in flight: they all hold a permit until they end. */
    private void awaitWorkers() {
        permits.acquireUninterruptibly(options.concurrency());
        permits.release(options.concurrency());
        workers.shutdown();
        if (callHelpers != null) callHelpers.shutdownNow();
    }

    private RunOutcome outcome() {
        var rows = new ArrayList<RowResult>();
        boolean complete = allRowsRead;
        for (RowSlot slot : slots) {
            List<SampleResult> samples = Arrays.stream(slot.samples).filter(Objects::nonNull).toList();
            complete &= samples.size() == slot.samples.length;
            if (!samples.isEmpty()) rows.add(new RowResult(slot.row, samples));
        }
        var result = new RunResult(spec.suite(), spec.promptName(), spec.reference(), spec.version(),
                spec.template().contentHash(), spec.datasetHash(), spec.model(), rows, complete);
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
        if (last.errors() > 0) sb.append(", ").append(last.errors()).append(" errors");
        if (last.resumed() > 0) sb.append(", ").append(last.resumed()).append(" resumed from the run journal");
        sb.append(String.format(Locale.ROOT, ", $%.4f spent", last.costUsd()));
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

    /** One row and the samples it has so far; a sample is written by one worker, read after all have finished. */
    private record RowSlot(Row row, SampleResult[] samples) {
    }
}
