package dev.prompteval.internal.report;

/**
 * A small HTML (and inline SVG) writer that escapes every text and attribute value it is given, so that no model
 * output or dataset text can become markup. Tag and attribute names come from code; only {@link #raw} takes markup,
 * and it is used for the report's own style sheet and script.
 */
final class Html {
    private final StringBuilder out = new StringBuilder();

    /**
     * The one escape function of the HTML report: {@code & < > " '} as character references, which makes text safe
     * both between tags and inside quoted attribute values.
     */
    static String escape(String text) {
        if (text == null) return "";
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** Opens {@code <tag name="value" ...>}; attributes come in name, value pairs, a null value leaves one out. */
    Html open(String tag, String... attributes) {
        out.append('<').append(tag);
        attributes(attributes);
        out.append('>');
        return this;
    }

    /** A void or self-closed element: {@code <meta ...>} in HTML, {@code <line ... />} in SVG. */
    Html empty(String tag, String... attributes) {
        out.append('<').append(tag);
        attributes(attributes);
        out.append(tag.equals("meta") ? ">" : "/>");
        return this;
    }

    Html close(String tag) {
        out.append("</").append(tag).append('>');
        return this;
    }

    /** Escaped text. */
    Html text(String text) {
        out.append(escape(text));
        return this;
    }

    /** {@code <tag ...>text</tag>}, the text escaped. */
    Html element(String tag, String text, String... attributes) {
        return open(tag, attributes).text(text).close(tag);
    }

    /** Trusted markup from the report's own resources; never for data. */
    Html raw(String markup) {
        out.append(markup);
        return this;
    }

    Html newline() {
        out.append('\n');
        return this;
    }

    private void attributes(String[] attributes) {
        if (attributes.length % 2 != 0) throw new IllegalArgumentException("attributes come in name, value pairs");
        for (int i = 0; i < attributes.length; i += 2) {
            if (attributes[i + 1] == null) continue;
            out.append(' ').append(attributes[i]).append("=\"").append(escape(attributes[i + 1])).append('"');
        }
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
