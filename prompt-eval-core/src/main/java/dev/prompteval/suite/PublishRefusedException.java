package dev.prompteval.suite;

import java.util.List;

/** Publishing was refused; nothing was written to the registry. Each reason says what to do. */
public class PublishRefusedException extends RuntimeException {
    private final List<String> reasons;

    public PublishRefusedException(List<String> reasons) {
        super("publishing refused, nothing was written to the registry:\n  - " + String.join("\n  - ", reasons));
        this.reasons = List.copyOf(reasons);
    }

    public List<String> reasons() {
        return reasons;
    }
}
