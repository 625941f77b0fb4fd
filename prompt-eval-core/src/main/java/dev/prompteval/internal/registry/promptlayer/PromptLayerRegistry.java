package dev.prompteval.internal.registry.promptlayer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prompteval.internal.registry.EvalRunRecord;
import dev.prompteval.internal.registry.LabelMove;
import dev.prompteval.internal.registry.PromptReference;
import dev.prompteval.internal.registry.PromptRegistry;
import dev.prompteval.internal.registry.RegistryException.Kind;
import dev.prompteval.internal.registry.RegistryException;
import dev.prompteval.internal.registry.RegistryPrompt;
import dev.prompteval.internal.retry.RetryPolicy;
import dev.prompteval.internal.template.PromptTemplate;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

/**
 * The PromptLayer registry over its REST API (reference: PromptLayer's {@code openapi.json}):
 * <ul>
 *   <li>a prompt's numeric id: {@code GET /prompt-templates?name=...}, which matches names partially and is
 *       paginated, so every page is read until the exact name turns up; the id is then used in every URL;</li>
 *   <li>get: {@code GET /prompt-templates/{id}} with {@code version} or {@code label} (none: the latest), snippets
 *       expanded for evaluation and kept as references ({@code resolve_snippets=false}) for pull and for the
 *       duplicate check before publishing; plus {@code GET /prompt-templates/{id}/labels};</li>
 *   <li>publish: {@code POST /rest/prompt-templates} with {@code prompt_template}, {@code prompt_version} and
 *       {@code release_labels};</li>
 *   <li>labels: {@code POST /prompts/{id}/label} to create, {@code PATCH /prompt-labels/{prompt_label_id}} to move,
 *       each confirmed by reading the labels back;</li>
 *   <li>results: see {@link ResultPusher}.</li>
 * </ul>
 * Names never go into a URL path: PromptLayer decodes {@code %2F} before routing, so a name such as
 * {@code support/ticket-classifier} would answer 404 there. Calls are retried as the build's one retry policy
 * ({@code dev.prompteval.internal.retry}) schedules it: 429 and 503 for up to {@link #RETRY_BUDGET} (never sooner than
 * {@code Retry-After}), other 5xx and timeouts a few times with exponential backoff and jitter; publishing, label
 * creation and logging, which must not happen twice, are retried only when the server shows it did not process them
 * (429, refused connection).
 */
public final class PromptLayerRegistry implements PromptRegistry {
    /** PromptLayer's public API. */
    public static final String DEFAULT_BASE_URL = "https://api.promptlayer.com";
    /** The environment variable holding the API key. */
    public static final String API_KEY_VARIABLE = "PROMPTLAYER_API_KEY";
    /** The environment variable that overrides the base URL (a proxy, a self-hosted instance). */
    public static final String BASE_URL_VARIABLE = "PROMPTLAYER_BASE_URL";
    /** The longest a call is retried while PromptLayer answers 429 or 503: about what a build should sit through. */
    public static final Duration RETRY_BUDGET = Duration.ofSeconds(60);
    /** PromptLayer's limit on a version's commit message. */
    public static final int COMMIT_MESSAGE_LIMIT = 72;
    /** Pages of the name search read before giving up; 100 names per page. */
    private static final int MAX_NAME_PAGES = 50;

    private final PromptLayerHttp http;
    private final ResultPusher pusher;
    /** Prompt name to PromptLayer's numeric id; ids never change, so one lookup per name is enough. */
    private final Map<String, Long> ids = new ConcurrentHashMap<>();

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
        return fetchPrompt(name, reference, true);
    }

    /** The version with its snippets kept as {@code @@@snippet@@@} references, as pull writes it. */
    @Override
    public RegistryPrompt getSource(String name, PromptReference reference) {
        return fetchPrompt(name, reference, false);
    }

    private RegistryPrompt fetchPrompt(String name, PromptReference reference, boolean resolveSnippets) {
        if (reference instanceof PromptReference.File file) return file.load(name);
        long id = requireId(name, reference);
        JsonNode response = raw(id, name, reference, resolveSnippets);
        int version = versionOf(response, name, reference);
        List<String> labels = new ArrayList<>();
        labelEntries(id, name).forEach(entry -> {
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
        JsonNode latest = latestIfExists(name);
        if (latest == null) return List.of();
        int newest = versionOf(latest, name, new PromptReference.Latest());
        return IntStream.rangeClosed(1, newest).boxed().toList();
    }

    @Override
    public SortedMap<String, Integer> listLabels(String name) {
        var labels = new TreeMap<String, Integer>();
        Long id = findId(name);
        if (id == null) return Collections.unmodifiableSortedMap(labels);
        labelEntries(id, name).forEach(entry -> labels.put(entry.label(), entry.version()));
        return Collections.unmodifiableSortedMap(labels);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The duplicate check compares the file with the latest version as stored (snippets as references), both
     * without the defaults PromptLayer fills in, so publishing the same content again (a CI retry) creates no
     * version. The expected-version check compares with the latest version just before publishing; PromptLayer
     * offers no atomic check, so a publish by someone else in between is not detected. The commit message is fitted
     * to PromptLayer's 72 characters by {@link #commitMessage(String)}.
     */
    @Override
    public int publish(String name, PromptTemplate template, String commitMessage, Collection<String> labels,
                       Integer expectedLatestVersion) {
        labels.forEach(PromptReference.Label::new); // validates every label before anything is sent
        JsonNode latest = latestIfExists(name);
        int latestVersion = latest == null ? 0 : versionOf(latest, name, new PromptReference.Latest());
        if (latest != null && WireBlueprint.publishedIdentity(WireBlueprint.fromResponse(latest, name,
                latestVersion)).equals(WireBlueprint.publishedIdentity(template))) {
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
        if (published.path("id").canConvertToLong()) ids.put(name, published.get("id").asLong());
        return number.intValue();
    }

    /**
     * {@inheritDoc}
     *
     * <p>PromptLayer answers a change to a protected label like any other, but holds it until someone approves it;
     * so the labels are read back after the change, and a label that still points elsewhere is reported as
     * {@link LabelMove#PENDING_APPROVAL} rather than as moved.
     */
    @Override
    public LabelMove moveLabel(String name, String label, int version) {
        new PromptReference.Label(label); // validates the label name
        if (version <= 0) {
            throw new RegistryException(Kind.INVALID, "label " + label + " of prompt " + name + " cannot point at"
                    + " version " + version + ": versions are positive whole numbers");
        }
        long id = requireId(name, new PromptReference.Version(version));
        String what = "label \"" + label + "\" of prompt \"" + name + "\" to version " + version;
        LabelEntry existing = labelEntries(id, name).stream().filter(e -> e.label().equals(label)).findFirst()
                .orElse(null);
        if (existing != null && existing.version() == version) return LabelMove.UNCHANGED;
        if (existing != null) {
            ObjectNode body = PromptLayerHttp.JSON.createObjectNode().put("prompt_version_number", version);
            http.send("PATCH", List.of("prompt-labels", Long.toString(existing.id())), body,
                    PromptLayerHttp.Retry.ANY_FAILURE, "move " + what);
        } else {
            raw(id, name, new PromptReference.Version(version), false); // NOT_FOUND for a version that does not exist
            ObjectNode body = PromptLayerHttp.JSON.createObjectNode().put("prompt_version_number", version)
                    .put("name", label);
            http.send("POST", List.of("prompts", Long.toString(id), "label"), body,
                    PromptLayerHttp.Retry.NOT_PROCESSED, "create " + what);
        }
        boolean moved = labelEntries(id, name).stream()
                .anyMatch(e -> e.label().equals(label) && e.version() == version);
        return moved ? LabelMove.MOVED : LabelMove.PENDING_APPROVAL;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Each row becomes one logged request in PromptLayer, attached to the prompt version, with the run's suite,
     * run id, git commit, dataset hash, decision and row id as metadata, so PromptLayer shows how the version scored.
     * Pushing the same run again logs only the rows PromptLayer does not have yet.
     */
    @Override
    public void pushResults(String name, int version, EvalRunRecord run) {
        long id = requireId(name, new PromptReference.Version(version));
        JsonNode target = raw(id, name, new PromptReference.Version(version), true);
        pusher.push(name, id, version, WireBlueprint.fromResponse(target, name, version), run);
    }

    /** {@inheritDoc} Found by a search on the rows' {@code suite} and {@code candidate_hash} metadata. */
    @Override
    public java.util.Optional<dev.prompteval.internal.registry.StoredResults> latestResults(RegistryPrompt version,
                                                                                 String suite) {
        return pusher.latest(version.template().contentHash(), suite);
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

    /**
     * The prompt's numeric id, or null when PromptLayer has no prompt of exactly that name. The name filter matches
     * partially ({@code support/ticket} also finds {@code support/ticket-classifier}), so each page's items are
     * compared with the exact name, page after page.
     */
    private Long findId(String name) {
        Long known = ids.get(name);
        if (known != null) return known;
        for (int page = 1; page <= MAX_NAME_PAGES; page++) {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("name", name);
            query.put("page", Integer.toString(page));
            query.put("per_page", "100");
            JsonNode answer = http.send("GET", List.of("prompt-templates"), query, null,
                    PromptLayerHttp.Retry.ANY_FAILURE, "find prompt \"" + name + "\"");
            for (JsonNode item : answer.path("items")) {
                if (name.equals(item.path("prompt_name").asText(null)) && item.path("id").canConvertToLong()) {
                    long id = item.get("id").asLong();
                    ids.put(name, id);
                    return id;
                }
            }
            if (!answer.path("has_next").asBoolean(false)) return null;
        }
        throw new RegistryException(Kind.UNAVAILABLE, "PromptLayer lists more than " + MAX_NAME_PAGES * 100
                + " prompts whose names contain \"" + name + "\" and none is named exactly that; give the prompt a"
                + " more distinctive name");
    }

    private long requireId(String name, PromptReference reference) {
        Long id = findId(name);
        if (id == null) {
            throw new RegistryException(Kind.NOT_FOUND, "PromptLayer has no prompt named \"" + name + "\" (looked"
                    + " for " + reference + "); check the name (it is case-sensitive) and the API key's workspace,"
                    + " or publish the prompt first");
        }
        return id;
    }

    /** {@code GET /prompt-templates/{id}}: declares 404 for a missing version or label. */
    private JsonNode raw(long id, String name, PromptReference reference, boolean resolveSnippets) {
        Map<String, String> query = new LinkedHashMap<>();
        if (reference instanceof PromptReference.Version version) query.put("version", "" + version.number());
        if (reference instanceof PromptReference.Label label) query.put("label", label.name());
        query.put("resolve_snippets", Boolean.toString(resolveSnippets));
        return http.send("GET", List.of("prompt-templates", Long.toString(id)), query, null,
                PromptLayerHttp.Retry.ANY_FAILURE, "get prompt \"" + name + "\" (" + reference + ")");
    }

    /** The latest version as stored (snippets as references), or null when PromptLayer has no such prompt. */
    private JsonNode latestIfExists(String name) {
        Long id = findId(name);
        if (id == null) return null;
        try {
            return raw(id, name, new PromptReference.Latest(), false);
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

    private List<LabelEntry> labelEntries(long id, String name) {
        JsonNode response = http.send("GET", List.of("prompt-templates", Long.toString(id), "labels"), null,
                PromptLayerHttp.Retry.ANY_FAILURE, "list the labels of prompt \"" + name + "\"");
        List<LabelEntry> entries = new ArrayList<>();
        for (JsonNode label : response.path("release_labels")) {
            entries.add(new LabelEntry(label.path("release_label").asText(),
                    label.path("prompt_version_number").asInt(), label.path("release_label_id").asLong()));
        }
        return entries;
    }

    /** One row of {@code GET /prompt-templates/{id}/labels}. */
    private record LabelEntry(String label, int version, long id) {
    }

    /** Configures a {@link PromptLayerRegistry}. */
    public static final class Builder {
        private String apiKey;
        private String baseUrl = DEFAULT_BASE_URL;
        private OkHttpClient client;
        private int maxAttempts = 4;
        private int pushConcurrency = 8;
        private Duration baseDelay = RetryPolicy.DEFAULT.baseDelay();
        private PromptLayerHttp.Waiting waiting = PromptLayerHttp.Waiting.REAL;
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

        /**
         * Attempts per call after a transient failure (a 5xx other than 503, a timeout), the first included (default
         * 4); 429 and 503 are retried for up to {@link #RETRY_BUDGET} instead.
         */
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

        /**
         * For tests: waits are handed to {@code sleeper} instead of slept, and the retry budget is measured on a
         * clock that advances by each wait, so no real time passes; {@code random} gives the jitter's draws.
         */
        Builder backoff(Duration baseDelay, PromptLayerHttp.Sleeper sleeper, DoubleSupplier random) {
            this.baseDelay = baseDelay;
            AtomicLong waited = new AtomicLong();
            this.waiting = new PromptLayerHttp.Waiting(waited::get, wait -> {
                waited.addAndGet(wait.toNanos());
                sleeper.sleep(wait);
            }, new RandomGenerator() {
                @Override
                public long nextLong() {
                    return (long) (random.getAsDouble() * Long.MAX_VALUE);
                }

                @Override
                public double nextDouble() {
                    return random.getAsDouble();
                }
            });
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
            // OkHttp would silently resend a request whose connection broke, which for a log or publish call
            // whose outcome is unknown means a second entry; the retry rules of PromptLayerHttp decide instead
            OkHttpClient http = (client != null ? client.newBuilder() : new OkHttpClient.Builder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .readTimeout(Duration.ofSeconds(60)))
                    .retryOnConnectionFailure(false)
                    .build();
            RetryPolicy policy = new RetryPolicy(RETRY_BUDGET, maxAttempts, baseDelay, RetryPolicy.DEFAULT.maxDelay());
            PromptLayerHttp calls = new PromptLayerHttp(http, base, apiKey.strip(), policy, waiting, clock);
            return new PromptLayerRegistry(calls, new ResultPusher(calls, pushConcurrency, clock));
        }
    }
}
