package dev.prompteval.internal.provider;

import okhttp3.HttpUrl;

/**
 * Per-suite provider settings; null fields fall back to the environment and then the provider's default.
 *
 * @param baseUrl   the API base URL, e.g. {@code http://localhost:11434/v1} for Ollama's OpenAI-compatible API
 * @param apiKey    the API key; never printed ({@link #toString()} masks it)
 * @param apiKeyEnv the name of the environment variable that holds the key, e.g. {@code OPENROUTER_API_KEY}; when
 *                  set, it replaces the provider's own variables (POMs and annotations name a variable, never the
 *                  key itself)
 */
public record ProviderOptions(String baseUrl, String apiKey, String apiKeyEnv) {
    public static final ProviderOptions DEFAULTS = new ProviderOptions(null, null, null);

    public ProviderOptions {
        baseUrl = blankToNull(baseUrl);
        apiKey = blankToNull(apiKey);
        apiKeyEnv = blankToNull(apiKeyEnv);
    }

    /** Options with a key given directly (code, tests) and no key variable. */
    public ProviderOptions(String baseUrl, String apiKey) {
        this(baseUrl, apiKey, null);
    }

    /** Options for a suite: its base URL and the variable that holds its key, either may be null. */
    public static ProviderOptions suite(String baseUrl, String apiKeyEnv) {
        return new ProviderOptions(baseUrl, null, apiKeyEnv);
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    @Override
    public String toString() {
        HttpUrl url = baseUrl == null ? null : HttpUrl.parse(baseUrl);
        String shown = url != null ? Secrets.safeUrl(url) : baseUrl == null ? null : "(not a URL)";
        return "ProviderOptions[baseUrl=" + shown + ", apiKey=" + (apiKey == null ? "none" : Secrets.MASK)
                + ", apiKeyEnv=" + (apiKeyEnv == null ? "none" : Providers.variableName(apiKeyEnv)) + "]";
    }
}
