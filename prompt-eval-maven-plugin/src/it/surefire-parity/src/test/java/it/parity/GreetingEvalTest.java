package it.parity;

import dev.prompteval.junit.PromptEval;
import dev.prompteval.junit.PromptOutput;
import dev.prompteval.junit.PromptRow;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The greeting prompt's candidates against prod, answered by the stand-in model named in the prompt files. */
class GreetingEvalTest {

    /** Knows one greeting more than prod, which no row asks about: the gate passes. */
    @PromptEval(suite = "greeting", prompt = "it/greeting", candidate = "file:src/main/prompts/greeting.json",
            dataset = "src/test/prompt-eval/datasets/greetings.csv", minPassRate = 0.9)
    void answersWithALanguageCode(PromptRow row, PromptOutput output) {
        assertTrue(output.text().matches("[a-z]+"), () -> row.id() + " answered " + output.text());
    }

    /** Forgot two of prod's greetings: those rows answer "unknown", and the gate fails. */
    @PromptEval(suite = "greeting-dropped", prompt = "it/greeting",
            candidate = "file:src/main/prompts/greeting-dropped.json",
            dataset = "src/test/prompt-eval/datasets/greetings.csv", minPassRate = 0.9)
    void answersWithALanguageCodeAfterTheCut(PromptRow row, PromptOutput output) {
        answersWithALanguageCode(row, output);
    }
}
