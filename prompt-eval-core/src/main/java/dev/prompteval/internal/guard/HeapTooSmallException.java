package dev.prompteval.internal.guard;

/** The evaluation was stopped because the heap is too small for it; the message names the heap and the fix. */
public final class HeapTooSmallException extends IllegalStateException {
    public HeapTooSmallException(String message) {
        super(message);
    }
}
