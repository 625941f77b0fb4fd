package it.mixed;

import dev.prompteval.junit.PromptEval;
import dev.prompteval.junit.PromptOutput;
import dev.prompteval.junit.PromptRow;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The welcome prompt's candidate against prod, answered by the stand-in model named in the prompt file. */
class WelcomeEvalTest {

    @PromptEval(suite = "welcome", prompt = "it/welcome", candidate = "${welcome.candidate}",
            dataset = "src/test/prompt-eval/datasets/greetings.csv", minPassRate = 0.9)
    void answersWithALanguageCode(PromptRow row, PromptOutput output) {
        assertTrue(output.text().matches("[a-z]+"), () -> row.id() + " answered " + output.text());
    }
}
