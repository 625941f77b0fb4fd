package dev.prompteval.provider;

import okhttp3.HttpUrl;

/**
 * Per-suite provider settings; null fields fall back to the environment and then the provider's default.
 *
 * @param baseUrl the API base URL, e.g. {@code http://localhost:11434/v1} for Ollama's OpenAI-compatible API
 * @param apiKey  the API key; never printed ({@link #toString()} masks it)
 */
public record ProviderOptions(String baseUrl, String apiKey) {
    public static final ProviderOptions DEFAULTS = new ProviderOptions(null, null);

    public ProviderOptions {
        baseUrl = blankToNull(baseUrl);
        apiKey = blankToNull(apiKey);
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    @Override
    public String toString() {
        HttpUrl url = baseUrl == null ? null : HttpUrl.parse(baseUrl);
        String shown = url != null ? Secrets.safeUrl(url) : baseUrl == null ? null : "(not a URL)";
        return "ProviderOptions[baseUrl=" + shown + ", apiKey=" + (apiKey == null ? "none" : Secrets.MASK) + "]";
    }
}
