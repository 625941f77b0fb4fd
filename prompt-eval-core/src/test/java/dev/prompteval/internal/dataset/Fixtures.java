package dev.prompteval.internal.dataset;

import dev.prompteval.dataset.Row;
import dev.prompteval.internal.template.PromptTemplate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Shared test data: the assertion types the scorers will provide, and small files. */
final class Fixtures {
    /** The types issue 2 asks the scorer registry for, plus one custom scorer class. */
    static final List<String> NAMES = List.of("equals", "contains", "icontains", "contains-any", "contains-all",
            "icontains-any", "icontains-all", "starts-with", "regex", "is-json", "contains-json", "json-path",
            "levenshtein", "rouge-l");
    static final String TONE_SCORER = "java:com.acme.ToneScorer";
    static final AssertionTypes TYPES = AssertionTypes.of(NAMES,
            type -> Set.copyOf(NAMES).contains(type) || type.equals(TONE_SCORER));

    private Fixtures() {
    }

    static Path write(Path dir, String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    /** A dataset named {@code data/orders.csv} in messages. */
    static Dataset dataset(Path dir, String content) throws IOException {
        return Dataset.open(write(dir, "data.csv", content), "data/orders.csv", TYPES);
    }

    static List<Row> rows(Path dir, String content) throws IOException {
        var rows = new ArrayList<Row>();
        try (RowReader reader = dataset(dir, content).rows()) {
            reader.forEachRemaining(rows::add);
        }
        return rows;
    }

    /** A chat prompt with one user message in f-string format. */
    static PromptTemplate prompt(String name, String text) {
        return PromptTemplate.parse("{\"prompt_template\": {\"type\": \"chat\", \"messages\": [{\"role\": \"user\","
                + " \"content\": \"" + text + "\"}]}}", name);
    }
}
