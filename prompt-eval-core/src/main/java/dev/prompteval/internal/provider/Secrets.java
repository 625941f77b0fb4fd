package dev.prompteval.internal.provider;

import okhttp3.HttpUrl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.StringJoiner;

/**
 * The one place that removes secrets from text that may reach a message, log, cache, recording or report: an API
 * key (servers sometimes echo it back), and credentials inside a base URL ({@code https://user:token@host/v1},
 * {@code ?key=...}). Immutable and thread-safe.
 */
public final class Secrets {
    public static final String MASK = "[REDACTED]";
    private static final Secrets NONE = new Secrets(List.of());

    private final List<String> values;

    private Secrets(List<String> values) {
        // Longest first, so that a secret containing another is masked whole.
        this.values = values.stream().filter(v -> v != null && !v.isEmpty()).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    /** Nothing to hide. */
    public static Secrets none() {
        return NONE;
    }

    /** The key and the credentials of the URL (user name, password, query parameter values); nulls are skipped. */
    public static Secrets of(String apiKey, HttpUrl url) {
        List<String> values = new ArrayList<>();
        values.add(apiKey);
        if (url != null) {
            values.add(url.username());
            values.add(url.password());
            values.add(url.encodedUsername());
            values.add(url.encodedPassword());
            for (int i = 0; i < url.querySize(); i++) values.add(url.queryParameterValue(i));
        }
        return new Secrets(values);
    }

    /** {@code text} with every secret replaced by {@value #MASK}; null stays null. */
    public String redact(String text) {
        if (text == null) return null;
        for (String v : values) text = text.replace(v, MASK);
        return text;
    }

    /** {@code text} with {@code key} replaced by {@value #MASK}; for callers that hold one key and no URL. */
    public static String redact(String text, String key) {
        return of(key, null).redact(text);
    }

    /**
     * The URL as it may be shown, stored or hashed: without user name and password, and with every query parameter
     * value masked (the parameter names stay, so that the address is still recognisable).
     */
    public static String safeUrl(HttpUrl url) {
        String safe = url.newBuilder().username("").password("").query(null).build().toString();
        StringJoiner query = new StringJoiner("&", "?", "");
        for (int i = 0; i < url.querySize(); i++) query.add(url.queryParameterName(i) + "=" + MASK);
        return url.querySize() == 0 ? safe : safe + query;
    }
}
