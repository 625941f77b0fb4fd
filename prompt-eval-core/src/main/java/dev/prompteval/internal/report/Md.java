package dev.prompteval.internal.report;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Markdown escaping for GitHub-flavoured Markdown: dataset text, model output and reasons must read as the text they
 * are, never as formatting, links, HTML or table cells.
 */
final class Md {
    /** Every character that can start or end Markdown formatting, or an HTML tag or entity, or split a table cell. */
    private static final Pattern SPECIAL = Pattern.compile("[\\\\`*_\\[\\]<>|#~&!]");
    /** What would open a list or a setext heading when it starts a line. */
    private static final Pattern BLOCK_START = Pattern.compile("^(\\d+)([.)])|^([-+=])");
    private static final Pattern BACKTICKS = Pattern.compile("`+");

    private Md() {
    }

    /** Inline text, on one line: line breaks become spaces, special characters are backslash-escaped. */
    static String text(String text) {
        if (text == null) return "";
        String line = text.replaceAll("\\r\\n|[\\r\\n]", " ");
        String escaped = SPECIAL.matcher(line).replaceAll(m -> Matcher.quoteReplacement("\\" + m.group()));
        Matcher start = BLOCK_START.matcher(escaped);
        if (!start.find()) return escaped;
        return start.group(1) != null
                ? start.group(1) + "\\" + start.group(2) + escaped.substring(start.end())
                : "\\" + escaped;
    }

    /**
     * A code span: text shown verbatim, on one line, in a fence of backticks longer than any run inside it. Not for
     * table cells, where GitHub splits on pipes before it reads code spans; use {@link #text} there.
     */
    static String code(String text) {
        String line = (text == null ? "" : text).replaceAll("\\r\\n|[\\r\\n]", " ");
        String fence = "`".repeat(longestRun(line) + 1);
        boolean pad = line.startsWith("`") || line.endsWith("`") || line.isBlank();
        return pad ? fence + " " + line + " " + fence : fence + line + fence;
    }

    /** A fenced code block, its fence longer than any backtick run in the text. */
    static String block(String text) {
        String body = text == null ? "" : text;
        String fence = "`".repeat(Math.max(3, longestRun(body) + 1));
        return fence + "text\n" + body + (body.endsWith("\n") ? "" : "\n") + fence + "\n";
    }

    private static int longestRun(String text) {
        int longest = 0;
        Matcher run = BACKTICKS.matcher(text);
        while (run.find()) longest = Math.max(longest, run.group().length());
        return longest;
    }
}
