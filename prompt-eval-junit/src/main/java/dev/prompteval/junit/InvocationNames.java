package dev.prompteval.junit;

import dev.prompteval.dataset.Row;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Names row invocations from the {@link PromptEval#name()} pattern, in the manner of {@code @ParameterizedTest}. */
final class InvocationNames {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
    private static final String ROW_PREFIX = "row.";
    private static final List<String> NAMES = List.of("id", "description", "index", "sample", "repeat");

    private final String pattern;
    private final int repeat;

    private InvocationNames(String pattern, int repeat) {
        this.pattern = pattern;
        this.repeat = repeat;
    }

    /**
     * @param problems collects unknown placeholders
     */
    static InvocationNames of(String pattern, int repeat, List<String> problems) {
        if (pattern.isBlank()) problems.add("name = \"\" would leave every row invocation without a name; "
                + "use e.g. " + PromptEval.DEFAULT_NAME);
        Matcher m = PLACEHOLDER.matcher(pattern);
        while (m.find()) {
            String name = m.group(1);
            if (!NAMES.contains(name) && !(name.startsWith(ROW_PREFIX) && name.length() > ROW_PREFIX.length())) {
                problems.add("name = \"" + pattern + "\" has the unknown placeholder {" + name + "}; use {id}, "
                        + "{description}, {index}, {sample}, {repeat} or {row.<variable>}");
            }
        }
        boolean appendSample = repeat > 1 && !pattern.contains("{sample}");
        return new InvocationNames(appendSample ? pattern + " (sample {sample} of {repeat})" : pattern, repeat);
    }

    /**
     * @param index  the invocation's 1-based index
     * @param sample the 0-based sample
     * @throws ExtensionConfigurationException when the pattern names a variable the row does not have
     */
    String name(Row row, int index, int sample) {
        Matcher m = PLACEHOLDER.matcher(pattern);
        var out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(value(m.group(1), row, index, sample)));
        }
        // Names are one line; a description-less row must not end in a blank.
        return m.appendTail(out).toString().replaceAll("\\s*\\R\\s*", " ").strip();
    }

    private String value(String placeholder, Row row, int index, int sample) {
        return switch (placeholder) {
            case "id" -> row.id();
            case "description" -> row.description() == null ? "" : row.description();
            case "index" -> Integer.toString(index);
            case "sample" -> Integer.toString(sample + 1);
            case "repeat" -> Integer.toString(repeat);
            default -> {
                String variable = placeholder.substring(ROW_PREFIX.length());
                if (!row.variables().containsKey(variable)) {
                    throw new ExtensionConfigurationException("@PromptEval name = \"" + pattern + "\" uses {"
                            + placeholder + "}, but row " + row.displayName() + " has no variable '" + variable
                            + "'; its variables are " + row.variables().keySet());
                }
                yield String.valueOf(row.variables().get(variable));
            }
        };
    }
}
