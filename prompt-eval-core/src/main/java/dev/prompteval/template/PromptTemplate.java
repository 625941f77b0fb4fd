package dev.prompteval.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prompteval.json.CanonicalJson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A prompt version in PromptLayer's blueprint shape:
 * {@code {"prompt_template": {"type": "chat", "messages": [...]}, "metadata": {"model": {...}}}}, or
 * {@code "type": "completion"} with {@code content}.
 *
 * <p>The JSON tree is kept as read, so writing a template back loses nothing, not even fields this class does not
 * know. {@code "content": "text"} is accepted as shorthand for one text block. Immutable and thread-safe.
 */
public final class PromptTemplate {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ObjectNode blueprint;
    private final String name;
    private final List<Part> parts;
    private final ModelSpec model;

    private PromptTemplate(ObjectNode blueprint, String name) {
        this.blueprint = blueprint;
        this.name = name;
        this.parts = parts(blueprint, name);
        this.model = readModel(blueprint);
    }

    /**
     * Reads a blueprint from JSON text.
     *
     * @param name how errors refer to this prompt: its registry name or the file it came from
     * @throws TemplateException when the text is not a blueprint, naming {@code name} and what is wrong
     */
    public static PromptTemplate parse(String json, String name) {
        JsonNode tree;
        try {
            tree = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            throw new TemplateException("prompt " + name + ": not valid JSON at line " + location.getLineNr()
                    + ", column " + location.getColumnNr() + ": " + e.getOriginalMessage());
        }
        return of(tree, name);
    }

    /** Reads a blueprint file; errors name the file. */
    public static PromptTemplate read(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new TemplateException("prompt file " + file + " cannot be read: " + e.getMessage()
                    + "; check the path in the suite's candidate or baseline reference", e);
        }
    }

    /** A template from an already parsed tree (copied, so later changes to {@code tree} do not leak in). */
    public static PromptTemplate of(JsonNode tree, String name) {
        if (tree == null || !tree.isObject() || !tree.path("prompt_template").isObject()) {
            throw new TemplateException("prompt " + name + ": expected a JSON object with a \"prompt_template\""
                    + " object (PromptLayer's blueprint shape: {\"prompt_template\": {\"type\": \"chat\", "
                    + "\"messages\": [...]}, \"metadata\": {\"model\": {...}}})");
        }
        return new PromptTemplate(tree.deepCopy(), name);
    }

    /** The name errors use: the registry name or the file. */
    public String name() {
        return name;
    }

    /** A copy of the blueprint exactly as read, unknown fields included. */
    public ObjectNode toJson() {
        return blueprint.deepCopy();
    }

    /** The blueprint as pretty-printed JSON, for files meant to be reviewed in diffs. */
    public String toPrettyJson() {
        try {
            return JSON.writeValueAsString(blueprint) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree could not be written back", e);
        }
    }

    /** True for {@code type: chat}, false for {@code type: completion}. */
    public boolean isChat() {
        return !"completion".equals(blueprint.path("prompt_template").path("type").asText("chat"));
    }

    /** The model of {@code metadata.model}; fields are null when the blueprint does not name them. */
    public ModelSpec model() {
        return model;
    }

    private static ModelSpec readModel(ObjectNode blueprint) {
        JsonNode model = blueprint.path("metadata").path("model");
        Map<String, Object> parameters = model.path("parameters").isObject()
                ? JSON.convertValue(model.get("parameters"), JSON.getTypeFactory()
                        .constructMapType(LinkedHashMap.class, String.class, Object.class))
                : Map.of();
        return new ModelSpec(text(model, "provider"), text(model, "name"), parameters);
    }

    /**
     * The variables the prompt needs: declared {@code input_variables} plus every name the texts use. For Jinja2,
     * names used only inside a branch that is not taken when every variable is empty are not found here;
     * {@link #missingVariables(Map)} checks a concrete row exactly.
     */
    public Set<String> variables() {
        var names = new LinkedHashSet<String>();
        blueprint.path("prompt_template").path("input_variables").forEach(v -> names.add(v.asText()));
        for (Part part : parts) names.addAll(part.format.missing(part.text, Map.of(), part.where));
        return names;
    }

    /** The variables that rendering with {@code variables} would lack, in order of first use. */
    public Set<String> missingVariables(Map<String, String> variables) {
        var missing = new LinkedHashSet<String>();
        for (Part part : parts) missing.addAll(part.format.missing(part.text, variables, part.where));
        return missing;
    }

    /**
     * Substitutes the variables into every message.
     *
     * @throws TemplateException naming the prompt, the message and the variable when one is missing
     */
    public RenderedPrompt render(Map<String, String> variables) {
        var rendered = new LinkedHashMap<Integer, StringBuilder>();
        var roles = new LinkedHashMap<Integer, String>();
        for (Part part : parts) {
            roles.put(part.message, part.role);
            rendered.computeIfAbsent(part.message, k -> new StringBuilder())
                    .append(part.format.render(part.text, variables, part.where));
        }
        var messages = new ArrayList<ChatMessage>();
        rendered.forEach((index, text) -> messages.add(new ChatMessage(roles.get(index), text.toString())));
        return new RenderedPrompt(messages, model, !isChat());
    }

    /**
     * {@code sha256:<hex>} over the canonical JSON of what decides the model's behaviour: {@code prompt_template}
     * (shorthand content expanded) and {@code metadata.model}. Formatting, key order and registry bookkeeping
     * fields do not change it.
     */
    public String contentHash() {
        ObjectNode identity = JSON.createObjectNode();
        identity.set("prompt_template", expandedPromptTemplate());
        identity.set("model", blueprint.path("metadata").path("model"));
        return CanonicalJson.sha256(identity);
    }

    /**
     * A copy of {@code prompt_template} with every {@code "content": "text"} shorthand expanded to one text block: the
     * form registries that want content blocks (PromptLayer) accept, and the form the content hash covers.
     */
    public ObjectNode expandedPromptTemplate() {
        return (ObjectNode) expandShorthand(blueprint.get("prompt_template").deepCopy());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PromptTemplate other && blueprint.equals(other.blueprint);
    }

    @Override
    public int hashCode() {
        return blueprint.hashCode();
    }

    @Override
    public String toString() {
        return "PromptTemplate[" + name + ", " + contentHash() + "]";
    }

    /** One renderable text block, with where it sits for error messages. */
    private record Part(int message, String role, String text, TemplateFormat format, String where) {
    }

    private static List<Part> parts(ObjectNode blueprint, String name) {
        JsonNode template = blueprint.get("prompt_template");
        String type = template.path("type").asText("chat");
        var parts = new ArrayList<Part>();
        if ("completion".equals(type)) {
            String where = "prompt " + name;
            TemplateFormat format = TemplateFormat.fromWire(text(template, "template_format"), where);
            addBlocks(parts, 0, "user", template.get("content"), format, where);
        } else if ("chat".equals(type)) {
            JsonNode messages = template.path("messages");
            if (!messages.isArray() || messages.isEmpty()) {
                throw new TemplateException("prompt " + name + ": a chat template needs a non-empty "
                        + "\"messages\" array");
            }
            for (int i = 0; i < messages.size(); i++) {
                JsonNode message = messages.get(i);
                String role = message.path("role").asText("user");
                String where = "prompt " + name + ", message " + (i + 1) + " (" + role + ")";
                if ("placeholder".equals(role)) {
                    throw new TemplateException(where + ": placeholder messages are not supported yet; "
                            + "write the messages out in the template");
                }
                TemplateFormat format = TemplateFormat.fromWire(text(message, "template_format"), where);
                addBlocks(parts, i, role, message.get("content"), format, where);
            }
        } else {
            throw new TemplateException("prompt " + name + ": prompt_template.type \"" + type
                    + "\" is not supported; use \"chat\" or \"completion\"");
        }
        return List.copyOf(parts);
    }

    private static void addBlocks(List<Part> parts, int message, String role, JsonNode content,
                                  TemplateFormat format, String where) {
        if (content == null || content.isNull()) {
            parts.add(new Part(message, role, "", format, where));
        } else if (content.isTextual()) {
            parts.add(new Part(message, role, content.asText(), format, where));
        } else if (content.isArray()) {
            int block = 0;
            for (JsonNode item : content) {
                block++;
                String type = item.path("type").asText("text");
                if (!"text".equals(type)) {
                    throw new TemplateException(where + ", content block " + block + ": type \"" + type
                            + "\" cannot be evaluated yet; only text blocks are sent to models");
                }
                parts.add(new Part(message, role, item.path("text").asText(""), format, where));
            }
        } else {
            throw new TemplateException(where + ": \"content\" must be a string or an array of content blocks");
        }
    }

    private static JsonNode expandShorthand(JsonNode template) {
        if (template instanceof ObjectNode object) {
            expandContent(object);
            JsonNode messages = object.get("messages");
            if (messages instanceof ArrayNode array) {
                for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
                    if (it.next() instanceof ObjectNode message) expandContent(message);
                }
            }
        }
        return template;
    }

    private static void expandContent(ObjectNode holder) {
        JsonNode content = holder.get("content");
        if (content != null && content.isTextual()) {
            ArrayNode blocks = holder.putArray("content");
            blocks.addObject().put("type", "text").put("text", content.asText());
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
