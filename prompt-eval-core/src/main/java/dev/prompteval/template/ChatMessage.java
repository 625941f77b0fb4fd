package dev.prompteval.template;

import java.util.List;

/**
 * One rendered message: a role ({@code system}, {@code user}, {@code assistant}, ...), its text, and the images its
 * {@code image_url} blocks name, in order after the text. Most messages have no images.
 */
public record ChatMessage(String role, String content, List<ImageUrl> images) {
    public ChatMessage {
        images = images == null ? List.of() : List.copyOf(images);
    }

    /** A text-only message. */
    public ChatMessage(String role, String content) {
        this(role, content, List.of());
    }

    /**
     * An image given by URL (an {@code https:} address or a {@code data:} URL), as PromptLayer's {@code image_url}
     * block holds it.
     *
     * @param detail OpenAI's {@code detail} ({@code low}, {@code high}, {@code auto}), or null
     */
    public record ImageUrl(String url, String detail) {
    }
}
