package dev.prompteval.junit;

import dev.prompteval.template.RenderedPrompt;

/** A base for fixtures that must fail before any call: its {@link PromptTarget} fails the test if it is called. */
abstract class NoModelTarget {
    @PromptTarget
    String answer(RenderedPrompt prompt) {
        throw new AssertionError("no model may be called");
    }
}
