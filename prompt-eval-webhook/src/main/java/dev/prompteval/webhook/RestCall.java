package dev.prompteval.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * JSON over HTTP to a Git host's REST API, with the host's authentication headers. Failures become
 * {@link WebhookException}s naming the call and the host's answer; the token is never part of a message.
 */
final class RestCall {
    static final ObjectMapper JSON = new ObjectMapper();

    /** A host's answer: status and parsed JSON (an empty object for an empty body). */
    record Answer(int status, JsonNode body) {
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final Map<String, String> headers;
    private final String secret;

    /**
     * @param base    the API's base URL without a trailing slash
     * @param headers sent with every call (authentication, API version)
     * @param secret  the token inside {@code headers}, masked in every message
     */
    RestCall(String base, Map<String, String> headers, String secret) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.headers = Map.copyOf(headers);
        this.secret = secret;
    }

    /** Sends a call; a status outside {@code expected} is a failure. */
    Answer send(String method, String path, String contentType, String body, String what, int... expected) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        if (body != null) request.header("Content-Type", contentType);
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new WebhookException(mask("could not " + what + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage())), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WebhookException("interrupted while trying to " + what, e);
        }
        for (int status : expected) {
            if (response.statusCode() == status) return new Answer(status, parse(response.body()));
        }
        String text = response.body() == null ? "" : response.body().strip().replaceAll("\\s+", " ");
        throw new WebhookException(mask("could not " + what + ": HTTP " + response.statusCode()
                + (text.isEmpty() ? "" : ": " + (text.length() > 300 ? text.substring(0, 300) + "..." : text))));
    }

    Answer json(String method, String path, JsonNode body, String what, int... expected) {
        return send(method, path, "application/json", body == null ? null : body.toString(), what, expected);
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isBlank()) return JSON.createObjectNode();
        try {
            return JSON.readTree(text);
        } catch (IOException notJson) {
            return JSON.createObjectNode().put("text", text);
        }
    }

    private String mask(String message) {
        return secret == null || secret.isEmpty() ? message : message.replace(secret, "***");
    }
}
