package dev.prompteval.internal.guard;

import dev.prompteval.internal.run.CancellationToken;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Guards one evaluation from start to end. When the JVM is asked to exit (SIGTERM, what a CI job's timeout sends
 * first, or Ctrl-C), a shutdown hook cancels the evaluation's token, so that no new call starts, and gives the calls
 * in flight a few seconds to finish and be journaled before the JVM goes; the next build resumes from the journal.
 * When the heap is too small for the run, the token is cancelled with a message that names the heap and what to
 * change ({@link #heapTooSmall()}), instead of the collector crawling for ever.
 */
public final class RunGuard implements AutoCloseable {
    /** How long the shutdown hook waits for the calls in flight; the JVM must still stop within a few seconds. */
    static final long SHUTDOWN_WAIT_SECONDS = 5;

    private final CancellationToken cancel;
    private final PrintStream log;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;
    private final HeapWatchdog watchdog;
    private volatile String heapTooSmall;

    private RunGuard(CancellationToken cancel, PrintStream log) {
        this.cancel = cancel;
        this.log = log;
        this.hook = new Thread(this::onShutdown, "prompt-eval-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        this.watchdog = HeapWatchdog.start(this::onHeapTooSmall);
    }

    /**
     * Starts guarding; close the guard when the evaluation has returned.
     *
     * @param log where the guard says what it did (the build's standard error: the shutdown hook runs after
     *            Maven's own logging may be gone)
     */
    public static RunGuard install(CancellationToken cancel, PrintStream log) {
        return new RunGuard(cancel, log);
    }

    /** Why the heap is too small for the run, with what to change; null unless the watchdog stopped the run. */
    public String heapTooSmall() {
        return heapTooSmall;
    }

    private void onShutdown() {
        if (finished.getCount() == 0) return;
        cancel.cancel("the JVM is shutting down (SIGTERM or Ctrl-C)");
        log.println("prompt-eval: the JVM is shutting down (SIGTERM or Ctrl-C): no new model calls start; waiting up"
                + " to " + SHUTDOWN_WAIT_SECONDS + " s for the calls in flight");
        try {
            boolean stopped = finished.await(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
            // Not finished in time: calls still in flight, or the stopped run still being decided (a large one).
            log.println("prompt-eval: " + (stopped ? "the evaluation stopped"
                    : "the evaluation did not stop within " + SHUTDOWN_WAIT_SECONDS + " s, and what it still did is"
                    + " dropped") + "; completed results are in the run journal and the next build resumes from them");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void onHeapTooSmall(String message) {
        heapTooSmall = message;
        log.println("prompt-eval: " + message);
        cancel.cancel(message);
    }

    @Override
    public void close() {
        finished.countDown();
        watchdog.close();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run; it returns at once now that the evaluation has finished
        }
    }
}
