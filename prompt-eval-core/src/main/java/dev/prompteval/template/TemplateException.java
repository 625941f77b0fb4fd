package dev.prompteval.template;

import dev.prompteval.PromptEvalException;

/** A template that cannot be read or rendered; the message names the prompt and what to do. */
public class TemplateException extends PromptEvalException {
    public TemplateException(String message) {
        super(message);
    }

    public TemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
