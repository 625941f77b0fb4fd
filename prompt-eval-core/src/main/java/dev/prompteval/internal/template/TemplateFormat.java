package dev.prompteval.internal.template;

import java.util.Map;
import java.util.Set;

/** How the text of a message is turned into its rendered form. */
enum TemplateFormat {
    F_STRING("f-string", new FStringRenderer()),
    JINJA2("jinja2", new Jinja2Renderer());

    private final String wireName;
    private final TextRenderer renderer;

    TemplateFormat(String wireName, TextRenderer renderer) {
        this.wireName = wireName;
        this.renderer = renderer;
    }

    static TemplateFormat fromWire(String name, String where) {
        if (name == null || name.isEmpty()) return F_STRING;
        for (TemplateFormat f : values()) {
            if (f.wireName.equals(name)) return f;
        }
        throw new TemplateException(where + ": template_format \"" + name
                + "\" is not supported; use \"f-string\" or \"jinja2\"");
    }

    String render(String text, Map<String, String> variables, String where) {
        return renderer.render(text, variables, where);
    }

    Set<String> missing(String text, Map<String, String> variables, String where) {
        return renderer.missing(text, variables, where);
    }

    /** Renders one text in one format. */
    interface TextRenderer {
        /** @throws TemplateException naming {@code where} when the text is malformed or a variable is missing */
        String render(String text, Map<String, String> variables, String where);

        /** The variables the text needs that {@code variables} does not supply. */
        Set<String> missing(String text, Map<String, String> variables, String where);
    }
}
