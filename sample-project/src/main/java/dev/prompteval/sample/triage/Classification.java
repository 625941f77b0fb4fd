package dev.prompteval.sample.triage;

import dev.prompteval.sample.llm.ModelJson;
import dev.prompteval.sample.llm.UnreadableModelOutputException;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * The classifier prompt's verdict on a ticket: {@code {"category": ..., "urgency": ..., "reason": ...}}.
 *
 * @param reason the model's one-sentence justification, shown to the agent who picks the ticket up
 */
public record Classification(Category category, Urgency urgency, String reason) {

    public Classification {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(urgency, "urgency");
        reason = reason == null ? "" : reason;
    }

    /**
     * Reads the classifier's reply. Values are matched ignoring case and surrounding blanks; a bare or
     * {@code ```json}-fenced object is accepted.
     *
     * @throws UnreadableModelOutputException when a field is missing or holds a value the prompt does not allow
     */
    public static Classification parse(String modelOutput) {
        var json = ModelJson.parseObject(modelOutput);
        Category category = field(json.path("category").asText(null), "category", Category.class, modelOutput);
        Urgency urgency = field(json.path("urgency").asText(null), "urgency", Urgency.class, modelOutput);
        return new Classification(category, urgency, json.path("reason").asText(""));
    }

    private static <E extends Enum<E>> E field(String value, String name, Class<E> type, String modelOutput) {
        if (value == null || value.isBlank()) {
            throw new UnreadableModelOutputException("the reply has no \"" + name + "\"", modelOutput);
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            String allowed = Arrays.stream(type.getEnumConstants())
                    .map(e -> e.name().toLowerCase(Locale.ROOT)).toList().toString();
            throw new UnreadableModelOutputException("\"" + name + "\" is \"" + value + "\", expected one of "
                    + allowed, modelOutput);
        }
    }
}
