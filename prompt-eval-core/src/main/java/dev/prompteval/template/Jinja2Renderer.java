package dev.prompteval.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Jinja2 through Jinjava, strict about unknown names so that a variable the row lacks is an error rather than
 * an empty string ({@code | default(...)} still works). Cells holding a JSON array or object are passed as
 * lists and maps, so {@code {% for item in items %}} works on a CSV cell like {@code ["a","b"]}.
 */
final class Jinja2Renderer implements TemplateFormat.TextRenderer {
    private static final String UNKNOWN_TOKEN = "Unknown token found: ";
    /** A template cannot plausibly need more variables than this; the bound keeps discovery finite. */
    private static final int MAX_DISCOVERED = 256;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Jinjava JINJAVA = new Jinjava(JinjavaConfig.newBuilder()
            .withFailOnUnknownTokens(true)
            .build());

    @Override
    public String render(String text, Map<String, String> variables, String where) {
        RenderResult result = JINJAVA.renderForResult(text, context(variables));
        for (TemplateError error : result.getErrors()) {
            if (error.getSeverity() != TemplateError.ErrorType.FATAL) continue;
            String unknown = unknownToken(error);
            if (unknown != null) {
                throw new TemplateException(where + ", line " + error.getLineno() + ": variable " + unknown
                        + " has no value; add a \"" + unknown + "\" column to the dataset, remove it from the prompt,"
                        + " or give it a default with | default('...')");
            }
            throw new TemplateException(where + ", line " + error.getLineno() + ": " + error.getMessage());
        }
        return result.getOutput();
    }

    @Override
    public Set<String> missing(String text, Map<String, String> variables, String where) {
        // Jinjava stops at the first unknown name, so discover them one at a time. A discovered name is then
        // supplied as an empty list: loops over it run zero times, so their loop variables are not mistaken
        // for missing ones.
        var context = context(variables);
        var missing = new LinkedHashSet<String>();
        while (missing.size() < MAX_DISCOVERED) {
            String unknown = null;
            for (TemplateError error : JINJAVA.renderForResult(text, context).getErrors()) {
                unknown = unknownToken(error);
                if (unknown != null) break;
            }
            if (unknown == null || !missing.add(unknown)) break;
            context.put(unknown, List.of());
        }
        return missing;
    }

    private static String unknownToken(TemplateError error) {
        String message = error.getMessage();
        int at = message == null ? -1 : message.indexOf(UNKNOWN_TOKEN);
        if (at < 0) return null;
        String token = message.substring(at + UNKNOWN_TOKEN.length()).trim();
        int dot = token.indexOf('.');
        return dot > 0 ? token.substring(0, dot) : token;
    }

    private static Map<String, Object> context(Map<String, String> variables) {
        var context = new HashMap<String, Object>(variables.size() * 2);
        variables.forEach((name, value) -> context.put(name, structured(value)));
        return context;
    }

    private static Object structured(String value) {
        String trimmed = value.trim();
        boolean looksStructured = trimmed.startsWith("[") && trimmed.endsWith("]")
                || trimmed.startsWith("{") && trimmed.endsWith("}");
        if (!looksStructured) return value;
        try {
            return JSON.readValue(trimmed, Object.class);
        } catch (JsonProcessingException notJson) {
            return value;
        }
    }
}
