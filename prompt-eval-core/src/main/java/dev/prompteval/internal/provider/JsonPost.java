package dev.prompteval.internal.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prompteval.provider.ProviderException;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.util.function.Supplier;

/**
 * One JSON POST to a provider API: the JSON object of a 2xx answer, or a classified {@link ProviderException}
 * for everything else (non-2xx, network, non-JSON body, an error object in a 2xx body). Shared by every HTTP client
 * of the package so that they classify failures the same way.
 */
final class JsonPost {
    /**
     * The charset named, as OkHttp would add it to a text body's type: without it, OkHttp parses a new media type
     * for every request body (a regular expression over the header), a tenth of what a call allocates.
     */
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    /** Made when the first call is sent: a build that replays or is served from the cache never needs one. */
    private final Supplier<OkHttpClient> client;
    private final boolean keyMissing;
    private final HttpFailures failures;

    /**
     * @param apiKey      the key, or null
     * @param keyRequired when true and there is no key, calls fail with AUTH before anything is sent
     */
    JsonPost(Supplier<OkHttpClient> client, String apiKey, boolean keyRequired, HttpFailures failures) {
        this.client = client;
        this.keyMissing = apiKey == null && keyRequired;
        this.failures = failures;
    }

    /**
     * @param http  the request with its URL and headers set; the body is added here
     * @param model the model name, for hints in error messages
     */
    JsonNode send(Request.Builder http, ObjectNode body, String model) throws ProviderException {
        return send(http.post(RequestBody.create(Json.write(body), JSON)), model);
    }

    /**
     * Any request (GET, a multipart upload...) answered with a JSON object.
     *
     * @param http the request with its URL, method, body and headers set
     */
    JsonNode send(Request.Builder http, String model) throws ProviderException {
        Answer answer = call(http);
        JsonNode json = parse(answer.raw);
        if (answer.status < 200 || answer.status > 299) {
            throw failures.status(answer.status, answer.headers, json, answer.raw, model);
        }
        if (json == null || !json.isObject()) throw failures.notJson(answer.raw);
        if (json.hasNonNull("error")) throw failures.embeddedError(answer.headers, json, answer.raw, model);
        return json;
    }

    /** A request whose 2xx answer is text (a JSONL file's content); failures are classified as for JSON. */
    String text(Request.Builder http, String model) throws ProviderException {
        Answer answer = call(http);
        if (answer.status < 200 || answer.status > 299) {
            throw failures.status(answer.status, answer.headers, parse(answer.raw), answer.raw, model);
        }
        return answer.raw;
    }

    private record Answer(int status, Headers headers, String raw) {
    }

    private Answer call(Request.Builder http) throws ProviderException {
        if (keyMissing) throw failures.missingKey();
        try (Response response = client.get().newCall(http.build()).execute()) {
            return new Answer(response.code(), response.headers(), response.body().string());
        } catch (IOException e) {
            throw failures.io(e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return body.isBlank() ? null : Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
