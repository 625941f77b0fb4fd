package dev.prompteval.internal.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prompteval.internal.json.CanonicalJson;
import dev.prompteval.template.ChatMessage;
import dev.prompteval.template.ModelSpec;
import dev.prompteval.template.RenderedPrompt;

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
 * <p>The JSON tree is kept as read, so writing a template back loses nothing, not even fields or content blocks this
 * class does not send: every shape PromptLayer's API allows reads, and {@code pull} and {@code publish} carry it
 * unchanged. {@code "content": "text"} is accepted as shorthand for one text block. Rendering sends text blocks,
 * {@code image_url} blocks (as {@link ChatMessage.ImageUrl}s; {@code image_variable} names a variable holding the
 * URL) and {@code placeholder} messages (filled from the row variable of the placeholder's {@code name}, which holds
 * a JSON array of messages in the blueprint shape, as PromptLayer's {@code run} takes them; the placeholder's own
 * {@code content} is kept but not sent). Other blocks
 * ({@code thinking}, {@code media}, tool results, ...) cannot be sent to a model: {@link #unsendable()} names them
 * and rendering refuses them. Immutable and thread-safe.
 */
public final class PromptTemplate {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ObjectNode blueprint;
    private final String name;
    private final List<Slot> slots;
    private final List<Part> parts;
    private final List<String> unsendable;
    private final ModelSpec model;

    private PromptTemplate(ObjectNode blueprint, String name) {
        this.blueprint = blueprint;
        this.name = name;
        var unsendable = new ArrayList<String>();
        this.slots = slots(blueprint, name, unsendable);
        this.parts = slots.stream().flatMap(slot -> slot.texts().stream()).toList();
        this.unsendable = List.copyOf(unsendable);
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
        for (Slot slot : slots) {
            if (slot.placeholder() != null) names.add(slot.placeholder());
            for (Part part : slot.texts()) names.addAll(part.format.missing(part.text, Map.of(), part.where));
            for (Image image : slot.images()) if (image.variable() != null) names.add(image.variable());
        }
        return names;
    }

    /** The variables that rendering with {@code variables} would lack, in order of first use. */
    public Set<String> missingVariables(Map<String, String> variables) {
        var missing = new LinkedHashSet<String>();
        for (Slot slot : slots) {
            if (slot.placeholder() != null && !variables.containsKey(slot.placeholder())) {
                missing.add(slot.placeholder());
            }
            for (Part part : slot.texts()) missing.addAll(part.format.missing(part.text, variables, part.where));
            for (Image image : slot.images()) {
                if (image.variable() != null && !variables.containsKey(image.variable())) missing.add(image.variable());
            }
        }
        return missing;
    }

    /**
     * The content blocks that pull and publish keep but no model can be sent ({@code thinking}, {@code media},
     * tool results, ...), each as a sentence naming the prompt, the message and the block, with what to do; empty
     * when every block can be sent. Checked before any call.
     */
    public List<String> unsendable() {
        return unsendable;
    }

    /**
     * The messages' shape without any row: one message per template message with its role and its images (URLs as
     * written, or a stand-in for an {@code image_variable}), texts empty; placeholders left out. Lets a provider say
     * before any call whether it can take such a prompt.
     */
    public List<ChatMessage> shape() {
        var messages = new ArrayList<ChatMessage>();
        for (Slot slot : slots) {
            if (slot.placeholder() != null || slot.texts().isEmpty() && slot.images().isEmpty()) continue;
            messages.add(new ChatMessage(slot.role(), "", slot.images().stream().map(image -> new ChatMessage.ImageUrl(
                    image.variable() != null ? "https://example.invalid/" + image.variable() : image.url(),
                    image.detail())).toList()));
        }
        return messages;
    }

    /**
     * Substitutes the variables into every message, fills the placeholders and resolves the images.
     *
     * @throws TemplateException naming the prompt, the message and the variable when one is missing or a
     *                           placeholder's variable is not a JSON array of messages; or naming a block that
     *                           cannot be sent (see {@link #unsendable()})
     */
    public RenderedPrompt render(Map<String, String> variables) {
        if (!unsendable.isEmpty()) throw new TemplateException(unsendable.get(0));
        var messages = new ArrayList<ChatMessage>();
        for (Slot slot : slots) {
            if (slot.placeholder() != null) {
                messages.addAll(Placeholders.fill(variables.get(slot.placeholder()), slot.placeholder(),
                        slot.where()));
                continue;
            }
            // a message without text or image blocks (an assistant turn holding only tool calls) sends nothing
            if (slot.texts().isEmpty() && slot.images().isEmpty()) continue;
            var text = new StringBuilder();
            for (Part part : slot.texts()) text.append(part.format.render(part.text, variables, part.where));
            var images = new ArrayList<ChatMessage.ImageUrl>();
            for (Image image : slot.images()) images.add(image.resolve(variables));
            messages.add(new ChatMessage(slot.role(), text.toString(), images));
        }
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

    /** An {@code image_url} block: its URL as written, or the variable that holds it. */
    private record Image(String url, String detail, String variable, String where) {
        ChatMessage.ImageUrl resolve(Map<String, String> variables) {
            if (variable == null) return new ChatMessage.ImageUrl(url, detail);
            String value = variables.get(variable);
            if (value == null || value.isBlank()) {
                throw new TemplateException(where + ": image_variable " + variable + " has no value; give the row a"
                        + " " + variable + " column holding the image's URL");
            }
            return new ChatMessage.ImageUrl(value.strip(), detail);
        }
    }

    /**
     * One message of the template as it renders: its text blocks and images, or (for a {@code placeholder}
     * message) the name of the row variable whose messages take its place.
     */
    private record Slot(String role, List<Part> texts, List<Image> images, String placeholder, String where) {
    }

    private static List<Slot> slots(ObjectNode blueprint, String name, List<String> unsendable) {
        JsonNode template = blueprint.get("prompt_template");
        String type = template.path("type").asText("chat");
        var slots = new ArrayList<Slot>();
        if ("completion".equals(type)) {
            String where = "prompt " + name;
            TemplateFormat format = TemplateFormat.fromWire(text(template, "template_format"), where);
            slots.add(slot(0, "user", template.get("content"), format, where, unsendable));
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
                    String variable = text(message, "name");
                    if (variable == null || variable.isBlank()) {
                        throw new TemplateException(where + ": a placeholder message needs a \"name\": the variable"
                                + " whose messages take its place");
                    }
                    slots.add(new Slot(role, List.of(), List.of(), variable, where + " \"" + variable + "\""));
                    continue;
                }
                TemplateFormat format = TemplateFormat.fromWire(text(message, "template_format"), where);
                slots.add(slot(i, role, message.get("content"), format, where, unsendable));
            }
        } else {
            throw new TemplateException("prompt " + name + ": prompt_template.type \"" + type
                    + "\" is not supported; use \"chat\" or \"completion\"");
        }
        return List.copyOf(slots);
    }

    private static Slot slot(int message, String role, JsonNode content, TemplateFormat format, String where,
                             List<String> unsendable) {
        var texts = new ArrayList<Part>();
        var images = new ArrayList<Image>();
        if (content == null || content.isNull()) {
            texts.add(new Part(message, role, "", format, where));
        } else if (content.isTextual()) {
            texts.add(new Part(message, role, content.asText(), format, where));
        } else if (content.isArray()) {
            int block = 0;
            for (JsonNode item : content) {
                block++;
                String type = item.path("type").asText("text");
                String at = where + ", content block " + block;
                switch (type) {
                    case "text" -> texts.add(new Part(message, role, item.path("text").asText(""), format, where));
                    case "image_url" -> {
                        String variable = text(item, "image_variable");
                        String url = text(item.path("image_url"), "url");
                        if (variable == null && (url == null || url.isBlank())) {
                            throw new TemplateException(at + ": an image_url block needs image_url.url (or an"
                                    + " image_variable naming the variable that holds the URL)");
                        }
                        images.add(new Image(url, text(item.path("image_url"), "detail"),
                                variable == null || variable.isBlank() ? null : variable, at));
                    }
                    default -> unsendable.add(at + ": a \"" + type + "\" block is kept by pull and publish but"
                            + " cannot be sent to a model; remove it (or give its content as a text or image_url"
                            + " block) to evaluate this prompt");
                }
            }
        } else {
            throw new TemplateException(where + ": \"content\" must be a string or an array of content blocks");
        }
        return new Slot(role, List.copyOf(texts), List.copyOf(images), null, where);
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
