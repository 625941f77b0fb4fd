package dev.prompteval.internal.score;

import java.util.regex.Pattern;

/** Substring search, optionally ignoring case, that reports the match position in the original text. */
final class TextMatch {

    private TextMatch() {
    }

    /**
     * The index of {@code needle} in {@code text}, or -1. Ignoring case compares code point by code point with
     * Unicode case folding (lower-casing both sides instead could shift positions, e.g. for {@code İ}).
     */
    static int indexOf(String text, String needle, boolean ignoreCase) {
        if (!ignoreCase) {
            return text.indexOf(needle);
        }
        var matcher = Pattern.compile(Pattern.quote(needle), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)
                .matcher(text);
        return matcher.find() ? matcher.start() : -1;
    }

    /** The end of a match found at {@code start}; case-insensitive matching keeps lengths. */
    static int end(String text, String needle, int start) {
        return Math.min(text.length(), start + needle.length());
    }

    static String caseNote(boolean ignoreCase) {
        return ignoreCase ? " (ignoring case)" : "";
    }
}
