package dev.prompteval.internal.score.graded;

import dev.prompteval.provider.Usage;

import java.util.Locale;

/**
 * What grading cost in this run: the number of grader and embedding requests, and the tokens and cost of those
 * that called a model now (answers from the cache or the recordings cost nothing). Thread-safe.
 */
public final class GraderUsage {

    private long calls;
    private Usage usage = new Usage(0, 0, 0.0);

    synchronized void add(Usage paid) {
        calls++;
        usage = usage.plus(paid);
    }

    /** Grader and embedding requests made by the scorers, served from a cache or not. */
    public synchronized long calls() {
        return calls;
    }

    /** Tokens and cost of the requests that called a model in this run. */
    public synchronized Usage usage() {
        return usage;
    }

    @Override
    public synchronized String toString() {
        return calls + " grader calls, " + usage.totalTokens() + " tokens, $"
                + String.format(Locale.ROOT, "%.4f", usage.costUsd());
    }
}
