package dev.prompteval.internal.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prompteval.template.ChatMessage;

import java.util.ArrayList;
import java.util.List;

/**
 * Fills a {@code placeholder} message from a row: the variable holds a JSON array of messages in PromptLayer's
 * blueprint shape ({@code [{"role": "user", "content": [{"type": "text", "text": "..."}]}, ...]}, content also as
 * a plain string), as PromptLayer's {@code run} takes a placeholder's input variable. The messages are sent as
 * given: their texts are not templates.
 */
final class Placeholders {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHAPE = "a JSON array of messages, e.g. [{\"role\": \"user\", \"content\": [{\"type\":"
            + " \"text\", \"text\": \"My age is 29\"}]}, {\"role\": \"assistant\", \"content\": \"Noted.\"}]";

    private Placeholders() {
    }

    /**
     * @param value    the row's value of the placeholder's variable, or null when the row has none
     * @param variable the placeholder's name
     * @param where    the placeholder message, for errors
     */
    static List<ChatMessage> fill(String value, String variable, String where) {
        if (value == null) {
            throw new TemplateException(where + ": the row has no variable " + variable + "; give it a " + variable
                    + " column holding " + SHAPE);
        }
        if (value.isBlank()) return List.of(); // an empty history
        JsonNode tree;
        try {
            tree = JSON.readTree(value);
        } catch (JsonProcessingException e) {
            throw new TemplateException(where + ": variable " + variable + " is not JSON (" + e.getOriginalMessage()
                    + "); it must hold " + SHAPE);
        }
        if (tree == null || !tree.isArray()) {
            throw new TemplateException(where + ": variable " + variable + " must hold " + SHAPE);
        }
        var messages = new ArrayList<ChatMessage>();
        for (int i = 0; i < tree.size(); i++) {
            JsonNode message = tree.get(i);
            String at = where + ", variable " + variable + " message " + (i + 1);
            String role = message.path("role").isTextual() ? message.get("role").asText() : null;
            if (role == null || role.isBlank() || role.equals("placeholder")) {
                throw new TemplateException(at + ": needs a \"role\" (system, user, assistant, ...); " + SHAPE);
            }
            messages.add(message(role, message.get("content"), at));
        }
        return messages;
    }

    private static ChatMessage message(String role, JsonNode content, String at) {
        if (content == null || content.isNull()) return new ChatMessage(role, "");
        if (content.isTextual()) return new ChatMessage(role, content.asText());
        if (!content.isArray()) {
            throw new TemplateException(at + ": \"content\" must be a string or an array of content blocks");
        }
        var text = new StringBuilder();
        var images = new ArrayList<ChatMessage.ImageUrl>();
        int block = 0;
        for (JsonNode item : content) {
            block++;
            String type = item.path("type").asText("text");
            if (type.equals("text")) {
                text.append(item.path("text").asText(""));
            } else if (type.equals("image_url") && item.path("image_url").path("url").isTextual()) {
                JsonNode detail = item.path("image_url").get("detail");
                images.add(new ChatMessage.ImageUrl(item.path("image_url").get("url").asText(),
                        detail == null || detail.isNull() ? null : detail.asText()));
            } else {
                throw new TemplateException(at + ", content block " + block + ": a \"" + type + "\" block cannot be"
                        + " sent to a model; use text or image_url blocks");
            }
        }
        return new ChatMessage(role, text.toString(), images);
    }
}
