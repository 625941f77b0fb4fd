package dev.prompteval.internal.guard;

import dev.prompteval.internal.run.CancellationToken;

/**
 * A JVM whose work outgrows its heap, for {@link RunGuardTest}: under a {@link RunGuard}, it keeps more and more
 * small objects alive until the guard cancels its token. Prints the guard's message and exits 3; exits 4 on an
 * OutOfMemoryError (the guard was too late) and 5 when nothing stopped it within two minutes.
 */
public final class HeapFillChild {
    private HeapFillChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        var cancel = new CancellationToken();
        // A chain of small nodes, not a list: growing one big array would fail long before the heap is full.
        Object[] kept = null;
        long count = 0;
        long deadline = System.nanoTime() + 120_000_000_000L;
        try (RunGuard guard = RunGuard.install(cancel, System.err)) {
            // Keep small objects alive until what is live nearly fills the heap, as an evaluation that holds every
            // row's results does; collect fully now and then, as the JVM would when the heap runs out.
            Runtime runtime = Runtime.getRuntime();
            while (!cancel.isCancelled() && System.nanoTime() < deadline) {
                for (int i = 0; i < 2_000; i++, count++) kept = new Object[] {new long[14], kept};
                if (runtime.totalMemory() - runtime.freeMemory() > runtime.maxMemory() * 0.9) System.gc();
                if (runtime.totalMemory() - runtime.freeMemory() > runtime.maxMemory() * 0.96) break;
            }
            System.out.println("kept " + count + " arrays");
            while (!cancel.isCancelled() && System.nanoTime() < deadline) Thread.sleep(100);
            System.out.println(cancel.isCancelled() ? "stopped: " + guard.heapTooSmall() : "not stopped");
        } catch (OutOfMemoryError e) {
            kept = null;
            System.out.println("OutOfMemoryError before the guard stopped the work");
            System.exit(4);
        }
        System.exit(cancel.isCancelled() ? 3 : 5);
    }
}
