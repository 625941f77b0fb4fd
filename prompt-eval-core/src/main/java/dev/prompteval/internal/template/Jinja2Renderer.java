package dev.prompteval.internal.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.InterpretException;
import com.hubspot.jinjava.interpret.InvalidArgumentException;
import com.hubspot.jinjava.interpret.InvalidInputException;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.OutputTooBigException;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.interpret.TemplateSyntaxException;

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
    private static final JinjavaConfig CONFIG = JinjavaConfig.newBuilder().withFailOnUnknownTokens(true).build();
    private static final Jinjava JINJAVA = new Jinjava(CONFIG);
    /**
     * Each thread's copy of Jinjava's global context (its filters, functions, tags and tests), made once. Jinjava's
     * own renderForResult makes a fresh copy for every render, registering every built-in again: that was over 90%
     * of the CPU of validating and rendering a row (about 700 of 750 us, warm). A copy is used by one thread only,
     * and each render's bindings and assignments live in its own child context, so rows do not see each other.
     */
    private static final ThreadLocal<Context> GLOBALS = ThreadLocal.withInitial(JINJAVA::getGlobalContextCopy);

    @Override
    public String render(String text, Map<String, String> variables, String where) {
        RenderResult result = renderForResult(text, context(variables));
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
            for (TemplateError error : renderForResult(text, context).getErrors()) {
                unknown = unknownToken(error);
                if (unknown != null) break;
            }
            if (unknown == null || !missing.add(unknown)) break;
            context.put(unknown, List.of());
        }
        return missing;
    }

    /** As {@link Jinjava#renderForResult(String, Map)}, on this thread's copy of the global context. */
    private static RenderResult renderForResult(String text, Map<String, Object> bindings) {
        var context = new Context(GLOBALS.get(), bindings, CONFIG.getDisabled());
        var interpreter = CONFIG.getInterpreterFactory().newInstance(JINJAVA, context, CONFIG);
        JinjavaInterpreter.pushCurrent(interpreter);
        try {
            String output = interpreter.render(text);
            return new RenderResult(output, interpreter.getContext(), interpreter.getErrorsCopy());
        } catch (TemplateSyntaxException e) {
            return failed(TemplateError.fromException(e), interpreter);
        } catch (InterpretException e) {
            return failed(TemplateError.fromSyntaxError(e), interpreter);
        } catch (InvalidArgumentException e) {
            return failed(TemplateError.fromInvalidArgumentException(e), interpreter);
        } catch (InvalidInputException e) {
            return failed(TemplateError.fromInvalidInputException(e), interpreter);
        } catch (OutputTooBigException e) {
            return failed(TemplateError.fromOutputTooBigException(e), interpreter);
        } catch (RuntimeException e) {
            return failed(TemplateError.fromException(e), interpreter);
        } finally {
            JinjavaInterpreter.popCurrent();
        }
    }

    private static RenderResult failed(TemplateError error, JinjavaInterpreter interpreter) {
        return new RenderResult(error, interpreter.getContext(), interpreter.getErrorsCopy());
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
