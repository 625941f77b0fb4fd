package dev.prompteval.internal.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prompteval.internal.retry.FailureClass;
import dev.prompteval.internal.retry.Failures;
import dev.prompteval.internal.retry.HttpRetry;
import dev.prompteval.internal.retry.RetryAfter;
import dev.prompteval.provider.ProviderException.Kind;
import dev.prompteval.provider.ProviderException;
import okhttp3.Headers;
import okhttp3.HttpUrl;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * Turns what went wrong in one HTTP call into a classified {@link ProviderException} that carries the provider's own
 * message and the wait it asked for, with the API key removed from every message.
 */
final class HttpFailures {
    private static final int SNIPPET = 300;

    /** What a format's error answers say beyond the status and the standard headers. */
    interface ErrorReading {
        /** No more than the status and headers say. */
        ErrorReading NONE = new ErrorReading() {
        };

        /** A wait the error body asks for (Gemini's {@code RetryInfo}), or null. */
        default Duration retryAfter(JsonNode errorBody) {
            return null;
        }

        /** True when this answer means a spend or credit limit is reached (waiting does not help). */
        default boolean spendLimited(int status, Headers headers) {
            return false;
        }
    }

    private final ErrorReading reading;
    private final String where;
    private final Secrets secrets;
    private final String keyHint;
    private final RetryAfter retryAfter;

    /**
     * @param reading        what the format's error answers say (e.g. the {@link WireFormat})
     * @param where          the provider and base URL (already free of secrets), for messages
     * @param secrets        what never appears in a message: the key, credentials in the base URL
     * @param keyHint        how to supply a key, e.g. {@code set OPENAI_API_KEY, or <apiKeyEnv> in the suite ...}
     */
    HttpFailures(ErrorReading reading, String where, Secrets secrets, String keyHint, RetryAfter retryAfter) {
        this.reading = reading;
        this.where = where;
        this.secrets = secrets;
        this.keyHint = keyHint;
        this.retryAfter = retryAfter;
    }

    /** A non-2xx answer. */
    ProviderException status(int status, Headers headers, JsonNode json, String rawBody, String model) {
        if (status >= 300 && status <= 399) return redirect(status, headers.get("Location"));
        return classified(status, "returned HTTP " + status, headers, json, rawBody, model);
    }

    /**
     * A 2xx answer whose body is an error object, as some compatible servers (e.g. OpenRouter) send for upstream
     * failures; classified by the status its {@code error.code} names, else as a server error.
     */
    ProviderException embeddedError(Headers headers, JsonNode json, String rawBody, String model) {
        JsonNode code = json.path("error").path("code");
        int status = code.canConvertToInt() && code.asInt() >= 400 && code.asInt() <= 599 ? code.asInt() : 500;
        return classified(status, "returned an error in a successful response", headers, json, rawBody, model);
    }

    private ProviderException classified(int status, String what, Headers headers, JsonNode json, String rawBody,
                                         String model) {
        boolean quota = HttpRetry.quotaExhausted(rawBody) || reading.spendLimited(status, headers);
        Kind kind = quota ? Kind.QUOTA : kind(status, json);
        FailureClass retry = quota ? FailureClass.PERMANENT : HttpRetry.classify(status, headers, rawBody);
        Duration wait = retryAfter.from(headers, status);
        if (wait == null && json != null) wait = reading.retryAfter(json);
        String message = where + " " + what + ": " + providerMessage(json, rawBody) + hint(kind, status, model);
        return Failures.classified(kind, secrets.redact(message), status, wait, null, retry);
    }

    /**
     * Redirects are not followed: the key would go with the request to wherever the server points, another host or
     * plain http included.
     */
    private ProviderException redirect(int status, String location) {
        HttpUrl to = location == null ? null : HttpUrl.parse(location);
        String target = to != null ? Secrets.safeUrl(to) : location == null ? "nowhere" : "'" + location + "'";
        return Failures.classified(Kind.BAD_REQUEST, secrets.redact(where + " answered HTTP " + status
                + " redirecting to " + target + "; prompt-eval does not follow redirects, so that the API key is "
                + "never sent to another address: set the base URL to the address the server redirects to"),
                status, null, null, FailureClass.PERMANENT);
    }

    ProviderException io(IOException e) {
        String detail = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        Kind kind;
        String message;
        if (e instanceof SocketTimeoutException
                || (e instanceof InterruptedIOException && !Thread.currentThread().isInterrupted())) {
            kind = Kind.TIMEOUT;
            message = "timed out calling " + where + " (" + detail + ")";
        } else {
            kind = Kind.NETWORK;
            message = "connection to " + where + " failed: " + detail;
        }
        return new ProviderException(kind, secrets.redact(message), 0, null, e);
    }

    ProviderException notJson(String rawBody) {
        return new ProviderException(Kind.MALFORMED_RESPONSE, secrets.redact(where + " answered with a body that is "
                + "not a JSON object: " + snippet(rawBody)));
    }

    ProviderException missingKey() {
        return new ProviderException(Kind.AUTH, "no API key for " + where + ": " + keyHint);
    }

    private static Kind kind(int status, JsonNode json) {
        if (status == 401 || status == 403) return Kind.AUTH;
        // Gemini answers a bad key with 400 INVALID_ARGUMENT, reason API_KEY_INVALID.
        if (status == 400 && errorMentions(json, "API_KEY_INVALID")) return Kind.AUTH;
        if (status == 408) return Kind.TIMEOUT;
        if (status == 429) return Kind.RATE_LIMIT;
        // 409 is a lock timeout on the provider's side, retried as the official SDKs do.
        if (status >= 500 || status == 409) return Kind.SERVER;
        return Kind.BAD_REQUEST;
    }

    private static boolean errorMentions(JsonNode json, String marker) {
        return json != null && json.path("error").toString().contains(marker);
    }

    private String hint(Kind kind, int status, String model) {
        if (kind == Kind.AUTH) return " (check the API key and account: " + keyHint + ")";
        if (kind == Kind.QUOTA) {
            return " (the account's quota, credit or spend limit is used up: waiting does not help; raise the limit "
                    + "or add credit, then run again to resume)";
        }
        if (status == 404 && model == null) return " (check the base URL)";
        if (status == 404) return " (check the model name '" + model + "' and the base URL)";
        return "";
    }

    /**
     * The provider's own words: {@code error.message} with its type/status/code (OpenAI, Anthropic, Gemini),
     * {@code error} as a string (Ollama), a top-level {@code message}, or else the start of the raw body.
     */
    static String providerMessage(JsonNode json, String rawBody) {
        if (json != null) {
            JsonNode error = json.get("error");
            if (error != null && error.isObject() && error.hasNonNull("message")) {
                String tag = firstText(error, "type", "status", "code");
                return error.get("message").asText() + (tag == null ? "" : " [" + tag + "]");
            }
            if (error != null && error.isTextual()) return error.asText();
            if (json.hasNonNull("message")) return json.get("message").asText();
        }
        return rawBody == null || rawBody.isBlank() ? "(empty body)" : snippet(rawBody);
    }

    private static String firstText(JsonNode node, String... fields) {
        for (String f : fields) {
            String t = Json.text(node, f);
            if (t != null) return t;
        }
        return null;
    }

    private static String snippet(String raw) {
        String flat = raw.strip().replaceAll("\\s+", " ");
        return flat.length() <= SNIPPET ? flat : flat.substring(0, SNIPPET) + "...";
    }
}
