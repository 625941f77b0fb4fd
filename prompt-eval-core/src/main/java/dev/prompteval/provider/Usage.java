package dev.prompteval.provider;

/**
 * Tokens a call consumed and what it cost. Counts are -1 when the provider did not report them.
 */
public record Usage(long inputTokens, long outputTokens, double costUsd) {
    public static final Usage UNKNOWN = new Usage(-1, -1, 0.0);

    public long totalTokens() {
        return Math.max(0, inputTokens) + Math.max(0, outputTokens);
    }

    public Usage plus(Usage other) {
        return new Usage(Math.max(0, inputTokens) + Math.max(0, other.inputTokens),
                Math.max(0, outputTokens) + Math.max(0, other.outputTokens), costUsd + other.costUsd);
    }
}
