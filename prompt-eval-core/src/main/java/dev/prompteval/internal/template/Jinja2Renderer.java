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

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    private static final Pattern BARE_NAME = Pattern.compile("\\{\\{(-?)\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(-?)}}");
    /**
     * Names whose bare expressions are left to Jinjava: the expression language's and Jinja's literals and keywords
     * ({@code {{ true }}} renders "true" whatever the row says; {@code none} and {@code None} are Jinja's literals,
     * which Jinjava resolves as variables), and Jinjava's name for its interpreter.
     */
    private static final Set<String> NOT_VARIABLES = Set.of("true", "false", "null", "none", "True", "False",
            "None", "empty", "div", "mod", "not", "and", "or", "le", "lt", "eq", "ne", "ge", "gt", "instanceof",
            "if", "else", "in", "is", "____int3rpr3t3r____");
    /** Texts scanned by {@link #plain}: a build has a few prompts, so a small bound never evicts. */
    private static final Map<String, Plain> PLAIN = new ConcurrentHashMap<>();
    private static final Plain NOT_PLAIN = new Plain(Set.of(), new String[0], new String[0], false);
    private static final int MAX_PLAIN_CACHED = 1_024;

    @Override
    public String render(String text, Map<String, String> variables, String where) {
        String substituted = substituted(text, variables);
        return substituted != null ? substituted : interpreted(text, variables, where);
    }

    /**
     * The text with each bare name replaced by the row's value, when that is provably what Jinjava renders: the text
     * is {@linkplain #plainNames plain}, without whitespace control or names that are keywords, and every value the
     * text uses is present and renders as itself. Null otherwise, and the text is interpreted. Jinjava would spend
     * most of a model call's own CPU parsing and interpreting such a text, on every row.
     */
    static String substituted(String text, Map<String, String> variables) {
        Plain plain = plain(text);
        if (!plain.substitutable()) return null;
        String[] names = plain.slots();
        String[] values = new String[names.length];
        int length = 0;
        for (int i = 0; i < names.length; i++) {
            String value = variables.get(names[i]);
            if (value == null || !rendersAsItself(value)) return null;
            values[i] = value;
            length += value.length();
        }
        String[] literals = plain.literals();
        for (String literal : literals) length += literal.length();
        var out = new StringBuilder(length);
        for (int i = 0; i < names.length; i++) out.append(literals[i]).append(values[i]);
        return out.append(literals[names.length]).toString();
    }

    /** Renders through Jinjava, whatever the text. */
    static String interpreted(String text, Map<String, String> variables, String where) {
        RenderResult result = Interpreter.renderForResult(text, context(variables));
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

    /**
     * Whether Jinjava prints this row value exactly as it is: a value that reads as a JSON list or map is passed as
     * one and printed as Jinjava prints those (not as written).
     */
    private static boolean rendersAsItself(String value) {
        return !looksStructured(value);
    }

    @Override
    public Set<String> missing(String text, Map<String, String> variables, String where) {
        // Most prompts only substitute names: when the row has every one, nothing can be missing, and the row need
        // not be rendered (validation checks every row against every version before the first call).
        Set<String> plain = plainNames(text);
        if (plain != null && variables.keySet().containsAll(plain)) return Set.of();
        // Jinjava stops at the first unknown name, so discover them one at a time. A discovered name is then
        // supplied as an empty list: loops over it run zero times, so their loop variables are not mistaken
        // for missing ones.
        var context = context(variables);
        var missing = new LinkedHashSet<String>();
        while (missing.size() < MAX_DISCOVERED) {
            String unknown = null;
            for (TemplateError error : Interpreter.renderForResult(text, context).getErrors()) {
                unknown = unknownToken(error);
                if (unknown != null) break;
            }
            if (unknown == null || !missing.add(unknown)) break;
            context.put(unknown, List.of());
        }
        return missing;
    }

    /**
     * The names of a text made only of literal text and bare {@code {{ name }}} expressions (whitespace control
     * allowed), or null for any other text (tags, comments, filters, attributes, anything unbalanced), which is
     * rendered to be checked. A bare name that the row supplies always resolves, so such a text needs nothing else.
     */
    static Set<String> plainNames(String text) {
        Plain plain = plain(text);
        return plain == NOT_PLAIN ? null : plain.names();
    }

    private static Plain plain(String text) {
        Plain plain = PLAIN.get(text);
        if (plain != null) return plain;
        plain = scanPlain(text);
        if (PLAIN.size() < MAX_PLAIN_CACHED) PLAIN.put(text, plain);
        return plain;
    }

    /**
     * One scan of a text into its literal pieces and the bare names between them ({@code literals} has one more
     * element than {@code slots}); {@link #NOT_PLAIN} when the text holds anything else.
     */
    private static Plain scanPlain(String text) {
        var names = new LinkedHashSet<String>();
        var literals = new ArrayList<String>();
        var slots = new ArrayList<String>();
        boolean substitutable = true;
        Matcher m = BARE_NAME.matcher(text);
        int end = 0;
        while (m.find()) {
            String literal = text.substring(end, m.start());
            // Jinjava reads "{{{ name }}" as one expression starting with "{", not as a brace and a name
            if (literal.endsWith("{") || hasDelimiter(literal)) return NOT_PLAIN;
            literals.add(literal);
            String name = m.group(2);
            names.add(name);
            slots.add(name);
            boolean trims = !m.group(1).isEmpty() || !m.group(3).isEmpty();
            if (trims || NOT_VARIABLES.contains(name)) substitutable = false;
            end = m.end();
        }
        String last = text.substring(end);
        if (hasDelimiter(last)) return NOT_PLAIN;
        literals.add(last);
        return new Plain(Set.copyOf(names), literals.toArray(String[]::new), slots.toArray(String[]::new),
                substitutable);
    }

    private static boolean hasDelimiter(String literal) {
        for (String delimiter : new String[] {"{{", "{%", "{#", "}}", "%}", "#}"}) {
            if (literal.contains(delimiter)) return true;
        }
        return false;
    }

    /**
     * A scanned plain text. {@code substitutable} is false when an expression trims whitespace or names a keyword:
     * the names still tell what the text needs, but Jinjava renders it.
     */
    private record Plain(Set<String> names, String[] literals, String[] slots, boolean substitutable) {
    }

    /**
     * Jinjava, made when the first text needs interpreting: setting it up costs about a second of CPU in a fresh JVM
     * (hundreds of filter, function and tag classes), which a build whose prompts are all plain or f-string never
     * pays.
     */
    private static final class Interpreter {
        /**
         * Nested interpretation is off: a row value holding {@code {{ x }}} or {@code {% if %}} is data and printed as
         * it is, as Jinja2 itself prints it. Jinjava would otherwise run it as template code, so a ticket quoting
         * template syntax changed the prompt or failed the row.
         */
        private static final JinjavaConfig CONFIG = JinjavaConfig.newBuilder().withFailOnUnknownTokens(true)
                .withNestedInterpretationEnabled(false).build();
        private static final Jinjava JINJAVA = new Jinjava(CONFIG);
        /**
         * Each thread's copy of Jinjava's global context (its filters, functions, tags and tests), made once.
         * Jinjava's own renderForResult makes a fresh copy for every render, registering every built-in again: that
         * was over 90% of the CPU of validating and rendering a row (about 700 of 750 us, warm). A copy is used by
         * one thread only, and each render's bindings and assignments live in its own child context, so rows do not
         * see each other.
         */
        private static final ThreadLocal<Context> GLOBALS = ThreadLocal.withInitial(JINJAVA::getGlobalContextCopy);

        /** As {@link Jinjava#renderForResult(String, Map)}, on this thread's copy of the global context. */
        static RenderResult renderForResult(String text, Map<String, Object> bindings) {
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
        if (!looksStructured(value)) return value;
        try {
            return JSON.readValue(value.trim(), Object.class);
        } catch (JsonProcessingException notJson) {
            return value;
        }
    }

    private static boolean looksStructured(String value) {
        String trimmed = value.trim();
        return trimmed.startsWith("[") && trimmed.endsWith("]") || trimmed.startsWith("{") && trimmed.endsWith("}");
    }
}
