package dev.prompteval.template;

/** One rendered message: a role ({@code system}, {@code user}, {@code assistant}, ...) and its text. */
public record ChatMessage(String role, String content) {
}
