package dev.prompteval.template;

import java.util.List;

/**
 * A prompt with every variable substituted: what is sent to a model.
 * A {@code completion} template renders to a single {@code user} message and {@link #completion()} is true.
 */
public record RenderedPrompt(List<ChatMessage> messages, ModelSpec model, boolean completion) {
    public RenderedPrompt {
        messages = List.copyOf(messages);
    }

    /** The whole prompt as one text, messages separated by blank lines; for custom targets and reports. */
    public String text() {
        var sb = new StringBuilder();
        for (ChatMessage m : messages) {
            if (sb.length() > 0) sb.append("\n\n");
            sb.append(m.content());
        }
        return sb.toString();
    }
}
