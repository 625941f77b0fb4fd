package dev.prompteval.provider;

/**
 * What a model answered.
 *
 * @param text         the output text; empty (never null) when the model produced no content
 * @param finishReason the provider's stop reason as it reported it ({@code stop}, {@code length}, {@code end_turn},
 *                     {@code STOP}, {@code content_filter}, ...), or null
 * @param usage        tokens and cost
 */
public record ModelResponse(String text, String finishReason, Usage usage) {
    public ModelResponse {
        text = text == null ? "" : text;
        usage = usage == null ? Usage.UNKNOWN : usage;
    }
}
