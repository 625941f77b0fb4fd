package dev.prompteval.internal.registry.promptlayer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prompteval.internal.provider.Secrets;
import dev.prompteval.internal.registry.RegistryException.Kind;
import dev.prompteval.internal.registry.RegistryException;
import dev.prompteval.internal.retry.FailureClass;
import dev.prompteval.internal.retry.HttpRetry;
import dev.prompteval.internal.retry.RetryAfter;
import dev.prompteval.internal.retry.RetryPolicy;
import dev.prompteval.internal.retry.RetrySchedule;
import dev.prompteval.internal.retry.RetrySignal;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * One PromptLayer REST call: the URL built from path segments (each encoded as one segment) and query parameters,
 * the {@code X-API-KEY} header, JSON in and out, retries as the build's one {@link RetryPolicy} schedules them, and
 * every failure turned into a {@link RegistryException} that says what was attempted and what to do. The API key
 * never appears in a message.
 */
final class PromptLayerHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType JSON_TYPE = MediaType.get("application/json");

    /** Which failures may be retried without risking a duplicate. */
    enum Retry {
        /** Reads and repeatable writes: 429, 5xx, timeouts and connection failures. */
        ANY_FAILURE,
        /** Writes that must not happen twice: only failures that prove the request was not processed (429, refused connection). */
        NOT_PROCESSED
    }

    /** Waits between attempts; tests pass one that records instead of sleeping. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /**
     * How the retries wait: the monotonic clock their budget is measured on, the sleep, and the jitter's random
     * numbers.
     */
    record Waiting(LongSupplier nanoClock, Sleeper sleeper, RandomGenerator random) {
        static final Waiting REAL = new Waiting(System::nanoTime,
                d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000),
                () -> ThreadLocalRandom.current().nextLong());
    }

    private final OkHttpClient client;
    private final HttpUrl base;
    private final String apiKey;
    private final RetryPolicy policy;
    private final Waiting waiting;
    private final RetryAfter retryAfter;

    PromptLayerHttp(OkHttpClient client, HttpUrl base, String apiKey, RetryPolicy policy, Waiting waiting,
                    Clock clock) {
        this.client = client;
        this.base = base;
        this.apiKey = apiKey;
        this.policy = policy;
        this.waiting = waiting;
        this.retryAfter = new RetryAfter(clock);
    }

    /**
     * Sends a request and returns the parsed JSON answer.
     *
     * @param body the JSON body, or null for none
     * @param what what the call does, for messages: e.g. {@code get prompt "x" (label:prod)}
     */
    JsonNode send(String method, List<String> path, JsonNode body, Retry retry, String what) {
        return send(method, path, Map.of(), body, retry, what);
    }

    /** As {@link #send(String, List, JsonNode, Retry, String)}, with query parameters in the given order. */
    JsonNode send(String method, List<String> path, Map<String, String> query, JsonNode body, Retry retry,
                  String what) {
        HttpUrl.Builder url = base.newBuilder();
        path.forEach(url::addPathSegment);
        query.forEach(url::addQueryParameter);
        Request request = new Request.Builder()
                .url(url.build())
                .header("X-API-KEY", apiKey)
                .header("Accept", "application/json")
                .method(method, body == null ? null : RequestBody.create(body.toString(), JSON_TYPE))
                .build();
        RetrySchedule retries = policy.start(waiting.nanoClock());
        while (true) {
            Optional<Duration> wait;
            try (Response response = client.newCall(request).execute()) {
                String text = response.body().string();
                if (response.isSuccessful()) return parse(text, what);
                int status = response.code();
                FailureClass failure = classify(status, response.headers(), text, retry);
                if (failure == FailureClass.PERMANENT) throw statusFailure(status, text, what);
                wait = retries.next(new RetrySignal(failure, retryAfter.from(response.headers(), status),
                        "HTTP " + status), waiting.random());
                if (wait.isEmpty()) {
                    throw failure(Kind.UNAVAILABLE, what, "HTTP " + status + detail(text) + " after "
                            + retries.attempts() + " attempt(s)" + (failure == FailureClass.OVERLOAD
                            ? " (" + retries.givenUpBecause() + ")" : "") + "; try again later");
                }
            } catch (IOException e) {
                boolean unsent = e instanceof ConnectException;
                if (retry == Retry.NOT_PROCESSED && !unsent) {
                    throw failure(Kind.UNAVAILABLE, what, describe(e) + "; the change may or may not have been"
                            + " applied, so it was not sent again: check PromptLayer before retrying", e);
                }
                wait = retries.next(new RetrySignal(FailureClass.TRANSIENT, null, "connection"), waiting.random());
                if (wait.isEmpty()) {
                    throw failure(Kind.UNAVAILABLE, what, describe(e) + " after " + retries.attempts()
                            + " attempt(s); check the network and PROMPTLAYER_BASE_URL", e);
                }
            }
            pause(wait.get(), what);
        }
    }

    /**
     * As the retry home classifies an answer, with two differences for PromptLayer: a 409 is a conflict (the label
     * or version exists), not a lock to wait out; and a write that must not happen twice is retried only after a
     * 429, which shows it was not processed.
     */
    private static FailureClass classify(int status, Headers headers, String text, Retry retry) {
        if (status == 409) return FailureClass.PERMANENT;
        if (retry == Retry.NOT_PROCESSED && status != 429) return FailureClass.PERMANENT;
        return HttpRetry.classify(status, headers, text);
    }

    private void pause(Duration wait, String what) {
        try {
            waiting.sleeper().sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(Kind.UNAVAILABLE, what, "interrupted while waiting to retry", e);
        }
    }

    private JsonNode parse(String text, String what) {
        if (text.isBlank()) return JSON.createObjectNode();
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw failure(Kind.UNAVAILABLE, what, "the answer is not JSON: " + abbreviate(text));
        }
    }

    private RegistryException statusFailure(int status, String text, String what) {
        String detail = "HTTP " + status + detail(text);
        return switch (status) {
            case 401, 403 -> failure(Kind.AUTH, what, detail + "; PromptLayer rejected the API key: check"
                    + " PROMPTLAYER_API_KEY and that the key belongs to the prompt's workspace");
            case 404 -> failure(Kind.NOT_FOUND, what, detail);
            case 409 -> failure(Kind.CONFLICT, what, detail);
            default -> failure(status >= 500 ? Kind.UNAVAILABLE : Kind.INVALID, what, detail);
        };
    }

    /** The server's own explanation: {@code message} or {@code error}, or a validation error's {@code detail}. */
    private static String detail(String text) {
        try {
            JsonNode body = JSON.readTree(text);
            if (body == null) return "";
            for (String field : List.of("message", "error")) {
                if (body.path(field).isTextual()) return ": " + abbreviate(body.get(field).asText());
            }
            JsonNode details = body.path("detail");
            if (details.isArray()) {
                return ": " + abbreviate(StreamSupport.stream(details.spliterator(), false)
                        .map(d -> d.path("loc").toString() + " " + d.path("msg").asText())
                        .collect(Collectors.joining("; ")));
            }
            return details.isTextual() ? ": " + abbreviate(details.asText()) : "";
        } catch (JsonProcessingException notJson) {
            return text.isBlank() ? "" : ": " + abbreviate(text);
        }
    }

    private static String describe(IOException e) {
        String kind = e instanceof InterruptedIOException ? "no answer in time" : "connection failed";
        return kind + " (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                + ")";
    }

    private RegistryException failure(Kind kind, String what, String detail) {
        return failure(kind, what, detail, null);
    }

    private RegistryException failure(Kind kind, String what, String detail, Throwable cause) {
        String message = "PromptLayer (" + Secrets.safeUrl(base) + ") could not " + what + ": " + detail;
        return new RegistryException(kind, Secrets.of(apiKey, base).redact(message), cause);
    }

    private static String abbreviate(String text) {
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
    }
}
