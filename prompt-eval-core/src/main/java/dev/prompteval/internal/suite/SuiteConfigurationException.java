package dev.prompteval.internal.suite;

import dev.prompteval.internal.PromptEvalException;

import java.util.List;

/**
 * Suites that cannot run as configured. Every problem found is listed, not just the first, so that one build tells
 * the user everything to fix; nothing has called a model yet.
 */
public class SuiteConfigurationException extends PromptEvalException {
    private static final long serialVersionUID = 1L;

    public SuiteConfigurationException(List<String> problems) {
        super(problems);
    }
}
