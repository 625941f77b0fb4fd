package dev.prompteval.registry.promptlayer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prompteval.registry.RegistryException;
import dev.prompteval.template.PromptTemplate;
import dev.prompteval.template.TemplateException;

/** Converts between our blueprints and PromptLayer's wire shapes. */
final class WireBlueprint {
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

    /** A template from a get response: its {@code prompt_template}, {@code metadata} and {@code commit_message}. */
    static PromptTemplate fromResponse(JsonNode response, String name, int version) {
        ObjectNode blueprint = PromptLayerHttp.JSON.createObjectNode();
        for (String field : new String[]{"prompt_template", "metadata", "commit_message"}) {
            JsonNode value = response.get(field);
            if (value != null && !value.isNull()) blueprint.set(field, value);
        }
        try {
            return PromptTemplate.of(blueprint, name + " version " + version);
        } catch (TemplateException e) {
            throw new RegistryException(RegistryException.Kind.INVALID, "PromptLayer returned prompt " + name
                    + " version " + version + " in a shape that cannot be evaluated: " + e.getMessage(), e);
        }
    }
}
