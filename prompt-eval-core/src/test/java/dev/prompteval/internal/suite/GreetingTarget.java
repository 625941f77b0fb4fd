package dev.prompteval.internal.suite;

import dev.prompteval.provider.CustomTarget;
import dev.prompteval.template.RenderedPrompt;

/**
 * Stands in for a model: greets the name in the prompt, and answers badly when the prompt asks for "shouting",
 * which is how the tests make a regressed candidate.
 */
public class GreetingTarget implements CustomTarget {
    @Override
    public String respond(RenderedPrompt prompt) {
        String text = prompt.text();
        String name = text.substring(text.lastIndexOf(' ') + 1);
        return text.contains("shouting") ? "HEY" : "Hello, " + name + "!";
    }
}
