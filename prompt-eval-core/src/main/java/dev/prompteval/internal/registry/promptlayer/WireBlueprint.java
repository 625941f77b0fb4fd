package dev.prompteval.internal.registry.promptlayer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prompteval.internal.registry.RegistryException;
import dev.prompteval.internal.template.PromptTemplate;
import dev.prompteval.internal.template.TemplateException;

import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Converts between our blueprints and PromptLayer's wire shapes.
 *
 * <p>PromptLayer answers with defaults filled in that a hand-written file leaves out ({@code template_format:
 * "f-string"}, {@code name: null}, {@code raw_request_display_role: ""}, {@code dataset_examples: []},
 * {@code functions: []}, {@code tools: null}, ...). {@link #withoutServerDefaults} removes exactly those values, so
 * a pulled file shows what a person wrote and the duplicate check before publishing compares content, not
 * bookkeeping. A field whose value differs from the default (e.g. {@code template_format: "jinja2"}) is kept.
 */
final class WireBlueprint {
    /** Fields PromptLayer fills on a chat or completion template, with the value it fills. */
    private static final Map<String, String> TEMPLATE_DEFAULTS = Map.of(
            "functions", "[]", "tools", "null", "function_call", "null", "tool_choice", "null",
            "dataset_examples", "[]", "template_format", "\"f-string\"");
    /** Fields PromptLayer fills on every message. */
    private static final Map<String, String> MESSAGE_DEFAULTS = Map.of(
            "name", "null", "raw_request_display_role", "\"\"", "dataset_examples", "[]",
            "template_format", "\"f-string\"", "function_call", "null", "tool_calls", "[]");
    /** What a placeholder message has when it is written without content (openapi.json, PlaceholderMessage). */
    private static final Map<String, String> PLACEHOLDER_DEFAULTS = Map.of("content", "null");
    /**
     * Fields the spec's content block schemas default to null (TextContent {@code id}, {@code annotations},
     * {@code thought_signature}; ThinkingContent {@code signature}; ImageContent {@code image_variable}).
     */
    private static final Map<String, String> BLOCK_DEFAULTS = Map.of("id", "null", "annotations", "null",
            "thought_signature", "null", "signature", "null", "image_variable", "null");
    /** Fields PromptLayer fills on {@code metadata.model}. */
    private static final Map<String, String> MODEL_DEFAULTS = Map.of(
            "parameters", "{}", "display_params", "{}", "model_config_display_name", "null", "base_model", "null");

    private WireBlueprint() {
    }

    /**
     * The {@code prompt_template} to send: PromptLayer wants content as an array of blocks, so the
     * {@code "content": "text"} shorthand that local files may use is expanded to one text block.
     */
    static ObjectNode promptTemplate(PromptTemplate template) {
        return template.expandedPromptTemplate();
    }

    /** The template's {@code metadata} object, or null when it has none. */
    static JsonNode metadata(PromptTemplate template) {
        JsonNode metadata = template.toJson().get("metadata");
        return metadata != null && metadata.isObject() ? metadata : null;
    }

    /**
     * A template from a get response: its {@code prompt_template}, {@code metadata} and {@code commit_message},
     * without the defaults the server filled in.
     */
    static PromptTemplate fromResponse(JsonNode response, String name, int version) {
        ObjectNode blueprint = PromptLayerHttp.JSON.createObjectNode();
        for (String field : new String[]{"prompt_template", "metadata", "commit_message"}) {
            JsonNode value = response.get(field);
            if (value != null && !value.isNull()) blueprint.set(field, value.deepCopy());
        }
        try {
            return PromptTemplate.of(withoutServerDefaults(blueprint, name + " version " + version),
                    name + " version " + version);
        } catch (TemplateException e) {
            // only a shape outside the spec gets here: every shape the spec allows reads (unsendable blocks too)
            throw new RegistryException(RegistryException.Kind.INVALID, "PromptLayer returned prompt " + name
                    + " version " + version + " in a shape that cannot be evaluated: " + e.getMessage(), e);
        }
    }

    /**
     * What decides whether publishing would create a new version: the expanded {@code prompt_template} and the
     * {@code metadata}, both without server-filled defaults. Equal for a file and the server's copy of it.
     */
    static JsonNode publishedIdentity(PromptTemplate template) {
        ObjectNode identity = PromptLayerHttp.JSON.createObjectNode();
        identity.set("prompt_template", template.expandedPromptTemplate());
        JsonNode metadata = metadata(template);
        if (metadata != null) identity.set("metadata", metadata.deepCopy());
        ObjectNode normal = withoutServerDefaults(identity, template.name());
        // a tool's defaults count as unchanged content too; pull keeps them, as people write them
        if (normal.path("prompt_template").get("tools") instanceof ArrayNode tools) {
            for (JsonNode tool : tools) dropToolDefaults(tool);
        }
        if (normal.path("metadata").isEmpty()) normal.remove("metadata");
        return normal;
    }

    /** A copy of {@code blueprint} with every server-filled default removed (see the class comment). */
    static ObjectNode withoutServerDefaults(ObjectNode blueprint, String where) {
        ObjectNode copy = blueprint.deepCopy();
        JsonNode template = copy.get("prompt_template");
        if (template instanceof ObjectNode t) {
            drop(t, TEMPLATE_DEFAULTS);
            dropBlockDefaults(t.get("content"));
            if (t.get("messages") instanceof ArrayNode messages) {
                for (JsonNode message : messages) {
                    if (!(message instanceof ObjectNode m)) continue;
                    drop(m, MESSAGE_DEFAULTS);
                    if ("placeholder".equals(m.path("role").asText())) drop(m, PLACEHOLDER_DEFAULTS);
                    dropBlockDefaults(m.get("content"));
                }
            }
        }
        if (copy.path("metadata").get("model") instanceof ObjectNode model) drop(model, MODEL_DEFAULTS);
        dropDerivedInputVariables(copy, where);
        return copy;
    }

    private static void dropBlockDefaults(JsonNode content) {
        if (content instanceof ArrayNode blocks) {
            for (JsonNode block : blocks) if (block instanceof ObjectNode b) drop(b, BLOCK_DEFAULTS);
        }
    }

    private static void drop(ObjectNode node, Map<String, String> defaults) {
        defaults.forEach((field, json) -> {
            JsonNode value = node.get(field);
            if (value != null && value.toString().equals(json)) node.remove(field);
        });
    }

    private static void dropToolDefaults(JsonNode tool) {
        if (!(tool instanceof ObjectNode t)) return;
        if ("function".equals(t.path("type").asText(null)) && t.path("function").isObject()) t.remove("type");
        if (t.get("function") instanceof ObjectNode function) {
            if ("".equals(function.path("description").asText(null))) function.remove("description");
            if (function.path("parameters").toString().equals("{\"type\":\"object\",\"properties\":{}}")) {
                function.remove("parameters");
            }
        }
    }

    /**
     * PromptLayer lists the variables a text uses as {@code input_variables} ({@code []} when none); a list that
     * names only variables the texts use says nothing new and is removed. One that declares more is kept.
     */
    private static void dropDerivedInputVariables(ObjectNode blueprint, String where) {
        ObjectNode bare = blueprint.deepCopy();
        Set<ArrayNode> lists = new HashSet<>();
        removeInputVariables(bare, lists);
        Set<String> used;
        try {
            used = PromptTemplate.of(bare, where).variables();
        } catch (TemplateException unreadable) {
            return; // leave the shape alone; reading it reports the problem where it matters
        }
        stripListsWithin(blueprint, used);
    }

    private static void removeInputVariables(JsonNode node, Set<ArrayNode> lists) {
        if (node instanceof ObjectNode object) {
            object.remove("input_variables");
            object.elements().forEachRemaining(child -> removeInputVariables(child, lists));
        } else if (node instanceof ArrayNode array) {
            array.elements().forEachRemaining(child -> removeInputVariables(child, lists));
        }
    }

    private static void stripListsWithin(JsonNode node, Set<String> used) {
        if (node instanceof ObjectNode object) {
            if (object.get("input_variables") instanceof ArrayNode declared && within(declared, used)) {
                object.remove("input_variables");
            }
            for (Iterator<JsonNode> it = object.elements(); it.hasNext(); ) stripListsWithin(it.next(), used);
        } else if (node instanceof ArrayNode array) {
            array.elements().forEachRemaining(child -> stripListsWithin(child, used));
        }
    }

    private static boolean within(ArrayNode declared, Set<String> used) {
        for (JsonNode name : declared) {
            if (!name.isTextual() || !used.contains(name.asText())) return false;
        }
        return true;
    }
}
