package dev.prompteval.internal.registry.file;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.prompteval.internal.json.CanonicalJson;

/**
 * The registry's file format: keys sorted at every depth, two-space indent, {@code "key": value}, {@code \n} line
 * ends on every platform, a final newline. The same content always gives the same bytes, so diffs show only real
 * changes.
 */
final class StableJson {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DefaultIndenter INDENT = new DefaultIndenter("  ", "\n");
    private static final ObjectWriter WRITER = MAPPER.writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""))
            .withObjectIndenter(INDENT)
            .withArrayIndenter(INDENT));

    private StableJson() {
    }

    static String write(JsonNode node) {
        try {
            JsonNode sorted = MAPPER.readTree(CanonicalJson.write(node));
            return WRITER.writeValueAsString(sorted) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written back: " + e.getOriginalMessage(), e);
        }
    }
}
