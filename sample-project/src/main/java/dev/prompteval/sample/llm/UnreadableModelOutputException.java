package dev.prompteval.sample.llm;

/**
 * A model reply that the application cannot use: not JSON, a missing field, a value outside the allowed set.
 * The message says what was wrong and quotes the start of the reply, so the ticket can be triaged by hand and
 * the prompt fixed.
 */
public class UnreadableModelOutputException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final int QUOTED_CHARS = 200;

    public UnreadableModelOutputException(String problem, String modelOutput) {
        super(problem + "; model output was: " + quote(modelOutput));
    }

    public UnreadableModelOutputException(String problem, String modelOutput, Throwable cause) {
        super(problem + "; model output was: " + quote(modelOutput), cause);
    }

    private static String quote(String output) {
        if (output == null) return "(none)";
        String oneLine = output.strip().replace("\n", "\\n");
        return oneLine.length() <= QUOTED_CHARS
                ? "\"" + oneLine + "\""
                : "\"" + oneLine.substring(0, QUOTED_CHARS) + "…\" (" + oneLine.length() + " chars)";
    }
}
