package dev.prompteval.internal.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A model's tool calls as the output, in one shape for every provider, so that {@code is-json} and {@code json-path}
 * can check which tool a prompt picks and with what:
 * <pre>{"content": "text the model wrote, or null",
 *  "tool_calls": [{"id": "call_abc", "name": "get_weather", "arguments": {"city": "Paris"}}]}</pre>
 * {@code arguments} is a JSON object (OpenAI's arguments string is parsed; when it is not valid JSON it stays a
 * string); {@code id} is null where the provider gives none (Gemini). Calls keep the order the model made them in.
 */
final class ToolCalls {
    private final ArrayNode calls = Json.MAPPER.createArrayNode();

    void add(String id, String name, JsonNode arguments) {
        ObjectNode call = calls.addObject();
        call.put("id", id);
        call.put("name", name);
        call.set("arguments", arguments == null ? Json.object() : arguments);
    }

    /** OpenAI sends the arguments as a JSON string. */
    void addWithArgumentsText(String id, String name, String arguments) {
        JsonNode parsed;
        try {
            parsed = arguments == null || arguments.isBlank() ? Json.object() : Json.MAPPER.readTree(arguments);
        } catch (JsonProcessingException e) {
            parsed = Json.MAPPER.getNodeFactory().textNode(arguments);
        }
        add(id, name, parsed);
    }

    boolean isEmpty() {
        return calls.isEmpty();
    }

    /** The output text: {@code text} unchanged when there were no tool calls, else the JSON shape above. */
    String output(String text) {
        if (calls.isEmpty()) return text;
        ObjectNode out = Json.object();
        if (text == null || text.isEmpty()) out.putNull("content");
        else out.put("content", text);
        out.set("tool_calls", calls);
        return Json.write(out);
    }
}
