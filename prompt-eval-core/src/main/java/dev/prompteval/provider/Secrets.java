package dev.prompteval.provider;

/** Removes an API key from text that may reach a message, log or file (servers sometimes echo the key back). */
final class Secrets {
    static final String MASK = "[REDACTED]";

    private Secrets() {
    }

    static String redact(String text, String key) {
        if (text == null || key == null || key.isEmpty()) return text;
        return text.replace(key, MASK);
    }
}
