package dev.prompteval.junit;

import dev.prompteval.template.RenderedPrompt;

/**
 * A base for fixtures: its {@link PromptTarget} answers with the prompt's last line, so the template decides the
 * "model output" (see {@link TestProject}).
 */
abstract class EchoTarget {
    @PromptTarget
    String answer(RenderedPrompt prompt) {
        return TestProject.echo(prompt);
    }
}
