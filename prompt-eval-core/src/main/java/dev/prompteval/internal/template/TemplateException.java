package dev.prompteval.internal.template;

import dev.prompteval.internal.PromptEvalException;

/** A template that cannot be read or rendered; the message names the prompt and what to do. */
public class TemplateException extends PromptEvalException {
    public TemplateException(String message) {
        super(message);
    }

    public TemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
