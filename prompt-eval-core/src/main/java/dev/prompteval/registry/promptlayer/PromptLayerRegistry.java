package dev.prompteval.registry.promptlayer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prompteval.registry.EvalRunRecord;
import dev.prompteval.registry.PromptReference;
import dev.prompteval.registry.PromptRegistry;
import dev.prompteval.registry.RegistryException;
import dev.prompteval.registry.RegistryException.Kind;
import dev.prompteval.registry.RegistryPrompt;
import dev.prompteval.template.PromptTemplate;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * The PromptLayer registry over its REST API (reference: PromptLayer's {@code openapi.json}):
 * <ul>
 *   <li>get: {@code POST /prompt-templates/{name}} with {@code {"version": N}}, {@code {"label": L}} or {@code {}}
 *       for the latest, plus {@code GET /prompt-templates/{name}/labels} for the labels on the version;</li>
 *   <li>publish: {@code POST /rest/prompt-templates} with {@code prompt_template}, {@code prompt_version} and
 *       {@code release_labels};</li>
 *   <li>labels: {@code GET /prompt-templates/{name}/labels}, {@code POST /prompts/{prompt_id}/label} to create,
 *       {@code PATCH /prompt-labels/{prompt_label_id}} to move;</li>
 *   <li>results: {@code POST /log-request} per row and {@code POST /rest/track-score} per named score.</li>
 * </ul>
 * Names go into URLs as one encoded path segment ({@code support/order summary} becomes
 * {@code support%2Forder%20summary}). Calls are retried on HTTP 429, 5xx and timeouts with exponential backoff and
 * jitter, honouring {@code Retry-After}; publishing and label creation, which must not happen twice, are retried
 * only when the server shows it did not process them (429, refused connection).
 */
public final class PromptLayerRegistry implements PromptRegistry {
    /** PromptLayer's public API. */
    public static final String DEFAULT_BASE_URL = "https://api.promptlayer.com";
    /** The environment variable holding the API key. */
    public static final String API_KEY_VARIABLE = "PROMPTLAYER_API_KEY";
    /** The environment variable that overrides the base URL (a proxy, a self-hosted instance). */
    public static final String BASE_URL_VARIABLE = "PROMPTLAYER_BASE_URL";
    /** PromptLayer's limit on a version's commit message. */
    public static final int COMMIT_MESSAGE_LIMIT = 72;

    private final PromptLayerHttp http;
    private final ResultPusher pusher;

    private PromptLayerRegistry(PromptLayerHttp http, ResultPusher pusher) {
        this.http = http;
        this.pusher = pusher;
    }

    /** A registry configured from environment variables ({@code System::getenv} in production). */
    public static PromptLayerRegistry fromEnvironment(Function<String, String> environment) {
        return builder().environment(environment).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public RegistryPrompt get(String name, PromptReference reference) {
        if (reference instanceof PromptReference.File file) return file.load(name);
        JsonNode response = fetch(name, reference);
        int version = versionOf(response, name, reference);
        List<String> labels = new ArrayList<>();
        labelEntries(name).forEach(entry -> {
            if (entry.version() == version) labels.add(entry.label());
        });
        return new RegistryPrompt(name, version, WireBlueprint.fromResponse(response, name, version), labels);
    }

    /**
     * PromptLayer has no endpoint that lists versions; they are numbered from 1 without gaps, so this is 1 to the
     * latest version's number.
     */
    @Override
    public List<Integer> listVersions(String name) {
        JsonNode latest = fetchIfExists(name);
        if (latest == null) return List.of();
        int newest = versionOf(latest, name, new PromptReference.Latest());
        return IntStream.rangeClosed(1, newest).boxed().toList();
    }

    @Override
    public SortedMap<String, Integer> listLabels(String name) {
        var labels = new TreeMap<String, Integer>();
        labelEntries(name).forEach(entry -> labels.put(entry.label(), entry.version()));
        return Collections.unmodifiableSortedMap(labels);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The expected-version check compares with the latest version just before publishing; PromptLayer offers no
     * atomic check, so a publish by someone else in between is not detected. The commit message is fitted to
     * PromptLayer's 72 characters by {@link #commitMessage(String)}.
     */
    @Override
    public int publish(String name, PromptTemplate template, String commitMessage, Collection<String> labels,
                       Integer expectedLatestVersion) {
        labels.forEach(PromptReference.Label::new); // validates every label before anything is sent
        JsonNode latest = fetchIfExists(name);
        int latestVersion = latest == null ? 0 : versionOf(latest, name, new PromptReference.Latest());
        if (latest != null && WireBlueprint.fromResponse(latest, name, latestVersion).contentHash()
                .equals(template.contentHash())) {
            labels.forEach(label -> moveLabel(name, label, latestVersion));
            return latestVersion;
        }
        if (expectedLatestVersion != null && expectedLatestVersion != latestVersion) {
            throw new RegistryException(Kind.CONFLICT, "publish of prompt " + name + " refused: expected "
                    + (expectedLatestVersion == 0 ? "no version yet" : "version " + expectedLatestVersion
                    + " to be the latest") + ", but PromptLayer's latest is " + (latestVersion == 0 ? "none"
                    : "version " + latestVersion) + ". Nothing was published. Evaluate your candidate against the"
                    + " latest version and publish again");
        }
        ObjectNode body = PromptLayerHttp.JSON.createObjectNode();
        body.putObject("prompt_template").put("prompt_name", name);
        ObjectNode version = body.putObject("prompt_version");
        version.set("prompt_template", WireBlueprint.promptTemplate(template));
        JsonNode metadata = WireBlueprint.metadata(template);
        if (metadata != null) version.set("metadata", metadata);
        String message = commitMessage(commitMessage);
        if (message != null) version.put("commit_message", message);
        if (!labels.isEmpty()) labels.forEach(body.putArray("release_labels")::add);
        JsonNode published = http.send("POST", List.of("rest", "prompt-templates"), body,
                PromptLayerHttp.Retry.NOT_PROCESSED, "publish prompt \"" + name + "\"");
        JsonNode number = published.get("version_number");
        if (number == null || !number.canConvertToInt()) {
            throw new RegistryException(Kind.UNAVAILABLE, "PromptLayer published prompt " + name + " but its answer"
                    + " has no version_number: " + published);
        }
        return number.intValue();
    }

    @Override
    public void moveLabel(String name, String label, int version) {
        new PromptReference.Label(label); // validates the label name
        if (version <= 0) {
            throw new RegistryException(Kind.INVALID, "label " + label + " of prompt " + name + " cannot point at"
                    + " version " + version + ": versions are positive whole numbers");
        }
        for (LabelEntry entry : labelEntries(name)) {
            if (!entry.label().equals(label)) continue;
            if (entry.version() == version) return;
            ObjectNode body = PromptLayerHttp.JSON.createObjectNode().put("prompt_version_number", version);
            http.send("PATCH", List.of("prompt-labels", Long.toString(entry.id())), body,
                    PromptLayerHttp.Retry.ANY_FAILURE, "move label \"" + label + "\" of prompt \"" + name
                            + "\" to version " + version);
            return;
        }
        JsonNode target = fetch(name, new PromptReference.Version(version));
        ObjectNode body = PromptLayerHttp.JSON.createObjectNode().put("prompt_version_number", version)
                .put("name", label);
        http.send("POST", List.of("prompts", Long.toString(target.path("id").asLong()), "label"), body,
                PromptLayerHttp.Retry.NOT_PROCESSED, "create label \"" + label + "\" on version " + version
                        + " of prompt \"" + name + "\"");
    }

    /**
     * {@inheritDoc}
     *
     * <p>Each row becomes one logged request in PromptLayer, attached to the prompt version, with the run's suite,
     * run id, git commit, dataset hash, decision and row id as metadata, so PromptLayer shows how the version scored.
     * Pushing the same run twice logs it twice.
     */
    @Override
    public void pushResults(String name, int version, EvalRunRecord run) {
        JsonNode target = fetch(name, new PromptReference.Version(version));
        pusher.push(name, version, WireBlueprint.fromResponse(target, name, version), run);
    }

    /**
     * The commit message PromptLayer gets: null or blank gives none; otherwise the first line, trimmed, and when
     * that is longer than 72 characters its first 71 characters followed by {@code …}.
     */
    public static String commitMessage(String message) {
        if (message == null || message.isBlank()) return null;
        String firstLine = message.strip().lines().findFirst().orElse("").strip();
        if (firstLine.codePointCount(0, firstLine.length()) <= COMMIT_MESSAGE_LIMIT) return firstLine;
        return firstLine.substring(0, firstLine.offsetByCodePoints(0, COMMIT_MESSAGE_LIMIT - 1)) + "…";
    }

    private JsonNode fetch(String name, PromptReference reference) {
        ObjectNode body = PromptLayerHttp.JSON.createObjectNode();
        if (reference instanceof PromptReference.Version version) body.put("version", version.number());
        if (reference instanceof PromptReference.Label label) body.put("label", label.name());
        return http.send("POST", List.of("prompt-templates", name), body, PromptLayerHttp.Retry.ANY_FAILURE,
                "get prompt \"" + name + "\" (" + reference + ")");
    }

    /** The latest version's response, or null when PromptLayer has no such prompt. */
    private JsonNode fetchIfExists(String name) {
        try {
            return fetch(name, new PromptReference.Latest());
        } catch (RegistryException e) {
            if (e.kind() == Kind.NOT_FOUND) return null;
            throw e;
        }
    }

    private static int versionOf(JsonNode response, String name, PromptReference reference) {
        JsonNode version = response.get("version");
        if (version != null && version.canConvertToInt()) return version.intValue();
        if (reference instanceof PromptReference.Version v) return v.number();
        throw new RegistryException(Kind.UNAVAILABLE, "PromptLayer's answer for prompt " + name + " (" + reference
                + ") has no version number; cannot tell which version it is");
    }

    private List<LabelEntry> labelEntries(String name) {
        JsonNode response;
        try {
            response = http.send("GET", List.of("prompt-templates", name, "labels"), null,
                    PromptLayerHttp.Retry.ANY_FAILURE, "list the labels of prompt \"" + name + "\"");
        } catch (RegistryException e) {
            if (e.kind() == Kind.NOT_FOUND) return List.of();
            throw e;
        }
        List<LabelEntry> entries = new ArrayList<>();
        for (JsonNode label : response.path("release_labels")) {
            entries.add(new LabelEntry(label.path("release_label").asText(),
                    label.path("prompt_version_number").asInt(), label.path("release_label_id").asLong()));
        }
        return entries;
    }

    /** One row of {@code GET /prompt-templates/{name}/labels}. */
    private record LabelEntry(String label, int version, long id) {
    }

    /** Configures a {@link PromptLayerRegistry}. */
    public static final class Builder {
        private String apiKey;
        private String baseUrl = DEFAULT_BASE_URL;
        private OkHttpClient client;
        private int maxAttempts = 4;
        private int pushConcurrency = 8;
        private Duration baseDelay = Duration.ofMillis(500);
        private Backoff.Sleeper sleeper = duration -> Thread.sleep(duration.toMillis());
        private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** Reads {@code PROMPTLAYER_API_KEY} and, when set, {@code PROMPTLAYER_BASE_URL}. */
        public Builder environment(Function<String, String> environment) {
            this.apiKey = environment.apply(API_KEY_VARIABLE);
            String url = environment.apply(BASE_URL_VARIABLE);
            if (url != null && !url.isBlank()) this.baseUrl = url.strip();
            return this;
        }

        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        /** The HTTP client, e.g. with a proxy or other timeouts; by default 10 s to connect, 60 s per read. */
        public Builder httpClient(OkHttpClient client) {
            this.client = client;
            return this;
        }

        /** Attempts per call, the first included (default 4). */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** Rows pushed at the same time (default 8). */
        public Builder pushConcurrency(int pushConcurrency) {
            if (pushConcurrency < 1) throw new IllegalArgumentException("pushConcurrency must be at least 1");
            this.pushConcurrency = pushConcurrency;
            return this;
        }

        Builder backoff(Duration baseDelay, Backoff.Sleeper sleeper, DoubleSupplier random) {
            this.baseDelay = baseDelay;
            this.sleeper = sleeper;
            this.random = random;
            return this;
        }

        Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * @throws RegistryException {@code AUTH} without an API key, {@code INVALID} for a base URL that is not
         *                           http(s)
         */
        public PromptLayerRegistry build() {
            if (apiKey == null || apiKey.isBlank()) {
                throw new RegistryException(Kind.AUTH, API_KEY_VARIABLE + " is not set: create an API key in"
                        + " PromptLayer (Settings > API keys) and export it as " + API_KEY_VARIABLE);
            }
            HttpUrl base = HttpUrl.parse(Objects.requireNonNullElse(baseUrl, ""));
            if (base == null) {
                throw new RegistryException(Kind.INVALID, BASE_URL_VARIABLE + " \"" + baseUrl + "\" is not an"
                        + " http(s) URL; use e.g. " + DEFAULT_BASE_URL);
            }
            OkHttpClient http = client != null ? client : new OkHttpClient.Builder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .readTimeout(Duration.ofSeconds(60))
                    .build();
            Backoff backoff = new Backoff(maxAttempts, baseDelay, Duration.ofSeconds(20), sleeper, random, clock);
            PromptLayerHttp calls = new PromptLayerHttp(http, base, apiKey.strip(), backoff);
            return new PromptLayerRegistry(calls, new ResultPusher(calls, pushConcurrency, clock));
        }
    }
}
