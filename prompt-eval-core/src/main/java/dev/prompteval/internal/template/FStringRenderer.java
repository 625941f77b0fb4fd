package dev.prompteval.internal.template;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Python {@code str.format}-style substitution as PromptLayer's f-string format uses it: {@code {name}} is a
 * variable, {@code {{} and {@code }}} are literal braces, and any other brace is an error (Python raises too),
 * so that a JSON example in a prompt is never half-substituted silently.
 */
final class FStringRenderer implements TemplateFormat.TextRenderer {

    @Override
    public String render(String text, Map<String, String> variables, String where) {
        var out = new StringBuilder(text.length() + 64);
        scan(text, where, out::append, name -> {
            String value = variables.get(name);
            if (value == null) {
                throw new TemplateException(where + ": variable {" + name + "} has no value; add a \"" + name
                        + "\" column to the dataset or remove it from the prompt");
            }
            out.append(value);
        });
        return out.toString();
    }

    @Override
    public Set<String> missing(String text, Map<String, String> variables, String where) {
        var missing = new LinkedHashSet<String>();
        scan(text, where, literal -> { }, name -> {
            if (!variables.containsKey(name)) missing.add(name);
        });
        return missing;
    }

    /** The variables a text refers to, in order of first use. */
    static Set<String> variables(String text, String where) {
        var names = new LinkedHashSet<String>();
        scan(text, where, literal -> { }, names::add);
        return names;
    }

    private static void scan(String text, String where, Consumer<CharSequence> literal, Consumer<String> variable) {
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '{' && i + 1 < n && text.charAt(i + 1) == '{') {
                literal.accept("{");
                i += 2;
            } else if (c == '}' && i + 1 < n && text.charAt(i + 1) == '}') {
                literal.accept("}");
                i += 2;
            } else if (c == '{') {
                int close = text.indexOf('}', i + 1);
                String name = close < 0 ? null : text.substring(i + 1, close).trim();
                if (name == null || !isIdentifier(name)) {
                    throw new TemplateException(where + ", " + position(text, i) + ": \"{\" does not start a "
                            + "variable like {name}; write {{ for a literal brace, or use template_format jinja2");
                }
                variable.accept(name);
                i = close + 1;
            } else if (c == '}') {
                throw new TemplateException(where + ", " + position(text, i)
                        + ": single \"}\"; write }} for a literal brace");
            } else {
                int next = nextBrace(text, i);
                literal.accept(text.subSequence(i, next));
                i = next;
            }
        }
    }

    private static int nextBrace(String text, int from) {
        for (int j = from; j < text.length(); j++) {
            char c = text.charAt(j);
            if (c == '{' || c == '}') return j;
        }
        return text.length();
    }

    private static boolean isIdentifier(String s) {
        if (s.isEmpty() || !Character.isJavaIdentifierStart(s.charAt(0)) || s.charAt(0) == '$') return false;
        for (int k = 1; k < s.length(); k++) {
            char c = s.charAt(k);
            if (!Character.isLetterOrDigit(c) && c != '_') return false;
        }
        return true;
    }

    /** 1-based line and column of an offset, for error messages. */
    static String position(String text, int offset) {
        int line = 1;
        int column = 1;
        for (int k = 0; k < offset; k++) {
            if (text.charAt(k) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return "line " + line + ", column " + column;
    }
}
