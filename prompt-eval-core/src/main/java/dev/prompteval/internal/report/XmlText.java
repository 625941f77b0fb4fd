package dev.prompteval.internal.report;

/**
 * Text made safe for XML 1.0, which cannot carry some characters even escaped (most control characters, lone
 * surrogates): model output may contain them, and one would make the whole report unreadable. The XML writer
 * escapes markup; this replaces the characters it cannot write with U+FFFD.
 */
final class XmlText {
    private XmlText() {
    }

    static String clean(String text) {
        if (text == null) return "";
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.appendCodePoint(allowed(c) ? c : 0xFFFD));
        return out.toString();
    }

    private static boolean allowed(int c) {
        return c == 0x9 || c == 0xA || c == 0xD || c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD
                || c >= 0x10000 && c <= 0x10FFFF;
    }
}
