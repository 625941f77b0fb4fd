package dev.prompteval.internal.retry;

/** What a failed call means for trying it again. */
public enum FailureClass {
    /**
     * The provider is busy or limiting us (429, 529, 503 overloaded): retried for as long as the
     * {@link RetryPolicy#overloadBudget() time budget} allows, and callers send fewer calls at once meanwhile.
     */
    OVERLOAD,
    /** A one-off failure (other 5xx, 408, 409, timeout, dropped connection): retried a few times. */
    TRANSIENT,
    /** Retrying cannot help (bad request, bad key, quota or billing exhausted, {@code x-should-retry: false}). */
    PERMANENT
}
