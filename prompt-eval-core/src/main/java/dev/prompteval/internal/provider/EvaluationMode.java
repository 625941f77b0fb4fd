package dev.prompteval.internal.provider;

import java.util.Locale;

/**
 * Where a build's answers come from, set with {@code -DpromptEval.mode=live|record|replay}: live calls (through the
 * response cache), live calls also written to the committed recordings, or the recordings alone with no call made.
 */
public enum EvaluationMode {
    LIVE, RECORD, REPLAY;

    /** @throws IllegalArgumentException naming the value and the valid ones */
    public static EvaluationMode parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown promptEval.mode '" + value + "'; use live, record or replay");
        }
    }
}
