package dev.prompteval.suite;

import java.util.List;

/**
 * Suites that cannot run as configured. Every problem found is listed, not just the first, so that one build tells
 * the user everything to fix; nothing has called a model yet.
 */
public class SuiteConfigurationException extends RuntimeException {
    private final List<String> problems;

    public SuiteConfigurationException(List<String> problems) {
        super(problems.size() == 1 ? problems.get(0)
                : problems.size() + " problems:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
