package dev.prompteval.internal.dataset;

import dev.prompteval.internal.template.PromptTemplate;

import java.nio.file.Path;

/**
 * Validates one dataset file and prints the outcome; {@link MillionRowValidationTest} runs it in a JVM with a
 * small heap to show that validation streams.
 */
public final class MillionRowValidation {
    private MillionRowValidation() {
    }

    public static void main(String[] args) {
        Dataset dataset = Dataset.open(Path.of(args[0]), "data.csv", Fixtures.TYPES);
        PromptTemplate prompt = Fixtures.prompt("prompts/ask.json", "Answer briefly: {question}");
        DatasetValidation validation = dataset.validate(prompt);
        System.out.println("rows=" + validation.rows());
        System.out.println("problems=" + validation.problemCount());
        validation.problems().forEach(System.out::println);
        System.out.println("maxHeapMiB=" + Runtime.getRuntime().maxMemory() / (1024 * 1024));
    }
}
