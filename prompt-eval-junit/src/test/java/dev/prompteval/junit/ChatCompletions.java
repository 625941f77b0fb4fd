package dev.prompteval.junit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * OpenAI's chat completions wire format for loopback stubs: the request's messages as sent, and a response in the
 * shape of the API reference (openai-openapi, {@code CreateChatCompletionResponse}).
 */
final class ChatCompletions {
    static final ObjectMapper JSON = new ObjectMapper();

    private ChatCompletions() {
    }

    /** The request body as JSON. */
    static JsonNode body(RecordedRequest request) {
        try {
            return JSON.readTree(request.getBody().utf8());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The content of the request's last message. */
    static String lastMessage(RecordedRequest request) {
        JsonNode messages = body(request).get("messages");
        return messages.get(messages.size() - 1).get("content").asText();
    }

    /** A 200 response whose one choice says {@code content}, with the usage given. */
    static MockResponse response(String model, String content, int promptTokens, int completionTokens) {
        var root = JSON.createObjectNode().put("id", "chatcmpl-1").put("object", "chat.completion")
                .put("created", 1741569952).put("model", model);
        var choice = root.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", content).putNull("refusal");
        root.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body(root.toString()).build();
    }
}
