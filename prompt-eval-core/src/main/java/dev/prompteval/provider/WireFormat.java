package dev.prompteval.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import okhttp3.HttpUrl;
import okhttp3.Request;

import java.time.Duration;

/**
 * One provider's HTTP API: where a request goes, how it is authorised, the JSON it sends and how the answer reads.
 * {@link HttpModelProvider} does the calling and error handling, the same for every format.
 */
interface WireFormat {

    /** Stable identifier used in {@link ModelProvider#endpoint()}, e.g. {@code openai-chat}. */
    String id();

    /** Name used in messages, e.g. {@code Anthropic}. */
    String displayName();

    HttpUrl url(HttpUrl base, ModelRequest request);

    /** Adds the authorisation (and any version) headers; {@code apiKey} is null when none is configured. */
    void headers(Request.Builder http, String apiKey);

    /** @throws ProviderException BAD_REQUEST when the prompt cannot be expressed in this format */
    ObjectNode body(ModelRequest request) throws ProviderException;

    /** @throws ProviderException MALFORMED_RESPONSE when the body lacks what the API reference promises */
    Reply parse(JsonNode body) throws ProviderException;

    /** A wait the error body asks for (Gemini's {@code RetryInfo}), or null. */
    default Duration retryAfter(JsonNode errorBody) {
        return null;
    }

    /** What a successful call produced; token counts are -1 when not reported. */
    record Reply(String text, String finishReason, long inputTokens, long outputTokens) {
    }

    static ProviderException malformed(WireFormat format, String what) {
        return new ProviderException(ProviderException.Kind.MALFORMED_RESPONSE,
                format.displayName() + " response is malformed: " + what);
    }

    static ProviderException unsupportedRole(WireFormat format, String role) {
        return new ProviderException(ProviderException.Kind.BAD_REQUEST, format.displayName()
                + " does not accept a message with role '" + role + "'; use system, user or assistant in the template");
    }
}
