package dev.prompteval.sample.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the JSON object a model was asked to reply with. JSON mode returns bare JSON, but the same prompt on a
 * model without JSON mode (or a chattier prompt version) often wraps it in a Markdown fence such as
 * {@code ```json ... ```}; the fence is removed before parsing. Anything else around the object is an error: guessing
 * at a reply that does not have the promised shape routes tickets wrongly without anyone noticing.
 */
public final class ModelJson {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** One fenced block making up the whole reply; the info string (e.g. {@code json}) is optional. */
    private static final Pattern FENCED = Pattern.compile("^```[A-Za-z0-9_-]*[ \\t]*\\R(.*?)\\R?```$", Pattern.DOTALL);

    private ModelJson() {
    }

    /**
     * The JSON object in a model's reply, bare or fenced.
     *
     * @throws UnreadableModelOutputException when the reply is empty, not JSON, or JSON but not an object
     */
    public static ObjectNode parseObject(String modelOutput) {
        if (modelOutput == null || modelOutput.isBlank()) {
            throw new UnreadableModelOutputException("the model returned an empty reply", modelOutput);
        }
        String json = unfenced(modelOutput.strip());
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new UnreadableModelOutputException("the reply is not JSON (" + e.getOriginalMessage() + where + ")",
                    modelOutput, e);
        }
        if (!(node instanceof ObjectNode object)) {
            throw new UnreadableModelOutputException("the reply is JSON but not an object", modelOutput);
        }
        return object;
    }

    private static String unfenced(String text) {
        Matcher fenced = FENCED.matcher(text);
        return fenced.matches() ? fenced.group(1) : text;
    }
}
