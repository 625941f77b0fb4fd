package dev.prompteval.internal.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prompteval.provider.ModelProvider;
import dev.prompteval.provider.ModelRequest;
import dev.prompteval.provider.ProviderException;
import dev.prompteval.template.ModelSpec;
import okhttp3.HttpUrl;
import okhttp3.Request;

import java.util.Map;

/**
 * One provider's HTTP API: where a request goes, how it is authorised, the JSON it sends and how the answer reads.
 * {@link HttpModelProvider} does the calling and error handling, the same for every format.
 */
abstract class WireFormat implements HttpFailures.ErrorReading {
    private final String id;
    private final String displayName;

    /**
     * @param id          stable identifier used in {@link ModelProvider#endpoint()}, e.g. {@code openai-chat}
     * @param displayName name used in messages, e.g. {@code Anthropic}
     */
    WireFormat(String id, String displayName) {
        this.id = id;
        this.displayName = displayName;
    }

    final String id() {
        return id;
    }

    final String displayName() {
        return displayName;
    }

    /** Where a call goes; it depends on the request's model name only, so a provider makes it once per model. */
    abstract HttpUrl url(HttpUrl base, ModelRequest request);

    /** Adds the authorisation (and any version) headers; {@code apiKey} is null when none is configured. */
    abstract void headers(Request.Builder http, String apiKey);

    /**
     * The template's portable parameters this API has no equivalent for with this model, so that {@link #body} leaves
     * them out: name and why, e.g. {@code seed} on Anthropic. Said once before a run, never per call.
     */
    Map<String, String> notSent(ModelSpec model) {
        return Map.of();
    }

    /** @throws ProviderException BAD_REQUEST when the prompt cannot be expressed in this format */
    abstract ObjectNode body(ModelRequest request) throws ProviderException;

    /** @throws ProviderException MALFORMED_RESPONSE when the body lacks what the API reference promises */
    abstract Reply parse(JsonNode body) throws ProviderException;

    /** As {@link #parse(JsonNode)}, for formats whose answer depends on what was asked (e.g. a prefilled turn). */
    Reply parse(JsonNode body, ModelRequest request) throws ProviderException {
        return parse(body);
    }

    /** What a successful call produced; token counts are -1 when not reported. */
    record Reply(String text, String finishReason, long inputTokens, long outputTokens) {
    }

    final ProviderException malformed(String what) {
        return new ProviderException(ProviderException.Kind.MALFORMED_RESPONSE,
                displayName + " response is malformed: " + what);
    }

    final ProviderException unsupportedRole(String role) {
        return new ProviderException(ProviderException.Kind.BAD_REQUEST, displayName
                + " does not accept a message with role '" + role + "'; use system, user or assistant in the template");
    }
}
