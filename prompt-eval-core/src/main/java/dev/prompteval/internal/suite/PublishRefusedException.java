package dev.prompteval.internal.suite;

import dev.prompteval.internal.PromptEvalException;

import java.util.List;

/** Publishing was refused; nothing was written to the registry. Each reason (a problem) says what to do. */
public class PublishRefusedException extends PromptEvalException {
    private static final long serialVersionUID = 1L;

    public PublishRefusedException(List<String> reasons) {
        super("publishing refused, nothing was written to the registry:\n  - " + String.join("\n  - ", reasons),
                reasons, null);
    }

    /** The reasons publishing was refused; the same list as {@link #problems()}. */
    public List<String> reasons() {
        return problems();
    }
}
