package dev.prompteval.internal.io;

import java.util.function.Supplier;

/**
 * Files written on a thread of their own while the caller goes on with other work (a build's reports, say), then
 * waited for: what the writing threw is thrown by {@link #await}, so a file that could not be written fails the
 * caller as it would have written it itself.
 */
public final class BackgroundWrite {
    private final Thread thread;
    private volatile RuntimeException failure;

    private BackgroundWrite(String name, Runnable write) {
        this.thread = new Thread(() -> {
            try {
                write.run();
            } catch (RuntimeException e) {
                failure = e;
            }
        }, name);
        thread.setDaemon(true);
    }

    /** Starts {@code write} on a daemon thread named {@code name}. */
    public static BackgroundWrite start(String name, Runnable write) {
        var background = new BackgroundWrite(name, write);
        background.thread.start();
        return background;
    }

    /**
     * Waits until the writing is done; an interrupt does not cut it short (the files are wanted whole), and is passed
     * on once it is done.
     *
     * @throws RuntimeException what the writing threw
     */
    public void await() {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        if (failure != null) throw failure;
    }

    /**
     * Does {@code work} while the writing goes on, then waits for the writing ({@link #await}).
     *
     * @return what {@code work} returned
     * @throws RuntimeException what {@code work} threw, with what the writing threw added to it; else what the
     *                          writing threw
     */
    public <T> T alongside(Supplier<T> work) {
        T result;
        try {
            result = work.get();
        } catch (RuntimeException failed) {
            try {
                await();
            } catch (RuntimeException alsoFailed) {
                if (alsoFailed != failed) failed.addSuppressed(alsoFailed);
            }
            throw failed;
        }
        await();
        return result;
    }
}
