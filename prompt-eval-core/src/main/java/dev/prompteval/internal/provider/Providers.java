package dev.prompteval.internal.provider;

import dev.prompteval.internal.retry.RetryAfter;
import dev.prompteval.provider.CustomTarget;
import dev.prompteval.provider.ModelProvider;
import dev.prompteval.provider.ModelRequest;
import dev.prompteval.provider.ProviderException;
import dev.prompteval.provider.Usage;
import dev.prompteval.template.ChatMessage;
import dev.prompteval.template.ModelSpec;
import dev.prompteval.template.RenderedPrompt;
import okhttp3.ConnectionPool;
import okhttp3.ConnectionSpec;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Response;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Creates {@link ModelProvider}s by provider name, all sharing one HTTP client. Create one per build, close it at
 * the end.
 *
 * <table>
 * <caption>Provider names</caption>
 * <tr><th>name</th><th>API</th><th>key</th><th>base URL (default)</th></tr>
 * <tr><td>{@code openai}</td><td>chat completions</td><td>{@code OPENAI_API_KEY}</td>
 *     <td>{@code OPENAI_BASE_URL} ({@code https://api.openai.com/v1})</td></tr>
 * <tr><td>{@code openai-compatible}</td><td>chat completions (Ollama, vLLM, LM Studio, llama.cpp, OpenRouter)</td>
 *     <td>the variable the suite's {@code <apiKeyEnv>} names, if any: the environment's OpenAI key is never sent to
 *     another server</td>
 *     <td>configured, required</td></tr>
 * <tr><td>{@code anthropic}</td><td>Messages</td><td>{@code ANTHROPIC_API_KEY}</td>
 *     <td>{@code ANTHROPIC_BASE_URL} ({@code https://api.anthropic.com})</td></tr>
 * <tr><td>{@code google}, {@code gemini}</td><td>generateContent</td>
 *     <td>{@code GOOGLE_API_KEY}, else {@code GEMINI_API_KEY} (as the official SDK)</td>
 *     <td>{@code GEMINI_BASE_URL} ({@code https://generativelanguage.googleapis.com})</td></tr>
 * <tr><td>{@code azure}, {@code azure-openai}</td><td>Azure OpenAI chat completions; the model name is the
 *     deployment, {@code api-version} from {@code OPENAI_API_VERSION} (default
 *     {@value AzureOpenAiFormat#DEFAULT_API_VERSION})</td><td>{@code AZURE_OPENAI_API_KEY}, in {@code api-key}</td>
 *     <td>{@code AZURE_OPENAI_ENDPOINT} (required)</td></tr>
 * <tr><td>{@code java:<class>}</td><td>the team's {@link CustomTarget} (or {@link ModelProvider})</td>
 *     <td>-</td><td>-</td></tr>
 * </table>
 * For {@code openai}, {@code OPENAI_ORG_ID} and {@code OPENAI_PROJECT_ID} are sent as the {@code OpenAI-Organization}
 * and {@code OpenAI-Project} headers, as the official SDK does. Configured {@link ProviderOptions} win over the
 * environment. A suite's {@code <apiKeyEnv>} names the variable holding its key (any provider; the only way to give
 * {@code openai-compatible} one, e.g. for OpenRouter or a keyed vLLM gateway); the key itself is never configured in
 * a POM or an annotation. Against a provider's official URL, or with {@code <apiKeyEnv>} set, a missing key
 * fails each call with AUTH before anything is sent; otherwise the key is optional (local servers).
 * Providers never retry, and OkHttp never does on its own (no connection retry, no re-send of a 503 with
 * {@code Retry-After: 0}), so a call is sent once per attempt of the runner. Redirects are not followed, so a key
 * never goes to another host or to plain http. Credentials inside a base URL ({@code https://user:token@host},
 * {@code ?key=}) are used for calls but never shown, stored or hashed ({@link Secrets}).
 */
public final class Providers implements AutoCloseable {

    /**
     * @param headerEnvs headers sent when their variable is set, e.g. {@code OpenAI-Organization} from
     *                   {@code OPENAI_ORG_ID}
     */
    private record HttpKind(WireFormat format, String defaultBaseUrl, String baseUrlEnv, List<String> keyEnvs,
                            Map<String, String> headerEnvs) {
        HttpKind(WireFormat format, String defaultBaseUrl, String baseUrlEnv, List<String> keyEnvs) {
            this(format, defaultBaseUrl, baseUrlEnv, keyEnvs, Map.of());
        }
    }

    private static final HttpKind OPENAI = new HttpKind(new OpenAiChatFormat(), OpenAiChatFormat.DEFAULT_BASE_URL,
            "OPENAI_BASE_URL", List.of("OPENAI_API_KEY"),
            Map.of("OpenAI-Organization", "OPENAI_ORG_ID", "OpenAI-Project", "OPENAI_PROJECT_ID"));
    private static final HttpKind OPENAI_COMPATIBLE = new HttpKind(new OpenAiChatFormat(), null, null, List.of());
    private static final HttpKind ANTHROPIC = new HttpKind(new AnthropicMessagesFormat(),
            AnthropicMessagesFormat.DEFAULT_BASE_URL, "ANTHROPIC_BASE_URL", List.of("ANTHROPIC_API_KEY"));
    private static final HttpKind GEMINI = new HttpKind(new GeminiFormat(), GeminiFormat.DEFAULT_BASE_URL,
            "GEMINI_BASE_URL", List.of("GOOGLE_API_KEY", "GEMINI_API_KEY"));

    /**
     * Built on the first call sent, not here: OkHttp sets up TLS (the JDK's trust store, a secure random) when a
     * client is built, which a build that replays recordings, or is answered by its cache, never needs; nor does one
     * whose models are all at plain http:// URLs.
     */
    private final HttpClients http;
    private final Function<String, String> env;
    private final ClassLoader classLoader;
    private final PriceTable prices;
    private final RetryAfter retryAfter;

    private Providers(Builder b) {
        // The builder's values now: the builder may be changed or reused after build().
        int maxConcurrency = b.maxConcurrency;
        Duration connect = b.connectTimeout;
        Duration read = b.readTimeout;
        Duration call = b.callTimeout;
        this.http = new HttpClients(() -> client(maxConcurrency, connect, read, call));
        this.env = b.env;
        this.classLoader = b.classLoader;
        this.prices = b.prices;
        this.retryAfter = new RetryAfter(b.clock);
    }

    private static OkHttpClient client(int maxConcurrency, Duration connect, Duration read, Duration call) {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(maxConcurrency);
        dispatcher.setMaxRequestsPerHost(maxConcurrency);
        return new OkHttpClient.Builder()
                // Plain HTTP only: TLS is set up (the platform's trust store read and parsed, about a second of CPU
                // in a fresh JVM) in the client for https:// URLs, made from this one when the first needs it.
                .connectionSpecs(List.of(ConnectionSpec.CLEARTEXT))
                .dispatcher(dispatcher)
                // Keep as many idle connections as calls in flight, so a concurrent run does not reconnect.
                .connectionPool(new ConnectionPool(maxConcurrency, 5, TimeUnit.MINUTES))
                .connectTimeout(connect)
                .readTimeout(read)
                .writeTimeout(read)
                .callTimeout(call)
                // Never send a call twice on our behalf, and never send the key anywhere but the base URL.
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .followSslRedirects(false)
                .addNetworkInterceptor(Providers::noSilentResend)
                .build();
    }

    /**
     * The clients every provider of this instance calls through, made by the first thread that needs each: one for
     * plain http:// base URLs (a local model), and one for https://, made from it with TLS added. Both share one
     * dispatcher and one connection pool, so the limits on calls and connections are for all of them.
     */
    static final class HttpClients {
        private final Supplier<OkHttpClient> factory;
        private volatile OkHttpClient plain;
        private volatile OkHttpClient tls;

        HttpClients(Supplier<OkHttpClient> factory) {
            this.factory = factory;
        }

        /** What a provider calling {@code baseUrl} gets its client from; nothing is made before its first call. */
        Supplier<OkHttpClient> forUrl(HttpUrl baseUrl) {
            return baseUrl.isHttps() ? this::tls : this::plain;
        }

        private OkHttpClient plain() {
            OkHttpClient made = plain;
            if (made != null) return made;
            synchronized (this) {
                if (plain == null) plain = factory.get();
                return plain;
            }
        }

        private OkHttpClient tls() {
            OkHttpClient made = tls;
            if (made != null) return made;
            synchronized (this) {
                if (tls == null) {
                    tls = plain().newBuilder()
                            .connectionSpecs(List.of(ConnectionSpec.MODERN_TLS, ConnectionSpec.CLEARTEXT)).build();
                }
                return tls;
            }
        }

        /** The plain client, whose dispatcher and pool both share, or null when no call was made. */
        OkHttpClient ifMade() {
            return plain;
        }
    }

    /**
     * OkHttp re-sends a call by itself, whatever its settings, when a 503 says {@code Retry-After: 0}. Without that
     * header it hands the 503 to us, and the retry schedule decides (with its own backoff).
     */
    private static Response noSilentResend(Interceptor.Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        String retryAfter = response.header("Retry-After");
        if (response.code() == 503 && retryAfter != null && retryAfter.trim().matches("0+")) {
            return response.newBuilder().removeHeader("Retry-After").build();
        }
        return response;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The prices used for {@link Usage#costUsd()}. */
    public PriceTable prices() {
        return prices;
    }

    /** A provider with settings from the environment. */
    public ModelProvider create(String provider) {
        return create(provider, ProviderOptions.DEFAULTS);
    }

    /**
     * @param provider a provider name (see the class table), e.g. a template's {@code metadata.model.provider}
     * @throws IllegalArgumentException for an unknown name, a bad base URL, or a custom target that cannot be loaded;
     *                                  the message says what to change
     */
    public ModelProvider create(String provider, ProviderOptions options) {
        Objects.requireNonNull(options, "options");
        if (provider == null || provider.isBlank()) {
            throw new IllegalArgumentException("no provider: set metadata.model.provider in the template or the "
                    + "suite's provider (" + NAMES + ")");
        }
        String name = provider.trim();
        if (name.startsWith("java:")) return CustomTargets.load(name.substring("java:".length()).trim(), classLoader);
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "openai" -> http(name, OPENAI, options);
            case "openai-compatible" -> http(name, OPENAI_COMPATIBLE, options);
            case "anthropic" -> http(name, ANTHROPIC, options);
            case "google", "gemini" -> http(name, GEMINI, options);
            case "azure", "azure-openai" -> http(name, azure(), options);
            default -> throw new IllegalArgumentException("unknown provider '" + provider + "'; use " + NAMES);
        };
    }

    /** Azure OpenAI: endpoint, key and API version from the variables openai-python's AzureOpenAI reads. */
    private HttpKind azure() {
        String version = envVar("OPENAI_API_VERSION");
        return new HttpKind(new AzureOpenAiFormat(version != null ? version : AzureOpenAiFormat.DEFAULT_API_VERSION),
                null, "AZURE_OPENAI_ENDPOINT", List.of("AZURE_OPENAI_API_KEY"));
    }

    /**
     * Checks, before any call, that calls to this provider could be made: a known name, a usable base URL, and (when
     * {@code live}) an API key where the provider's official endpoint needs one.
     *
     * @param live false when answers are replayed, so no key is needed
     * @return what is missing and how to supply it (never the key), or empty when nothing is
     */
    public Optional<String> checkReady(String provider, ProviderOptions options, boolean live) {
        try {
            String name = provider == null ? "" : provider.trim();
            if (name.startsWith("java:")) {
                create(name, options);
                return Optional.empty();
            }
            HttpKind kind = switch (name.toLowerCase(Locale.ROOT)) {
                case "openai" -> OPENAI;
                case "openai-compatible" -> OPENAI_COMPATIBLE;
                case "anthropic" -> ANTHROPIC;
                case "google", "gemini" -> GEMINI;
                case "azure", "azure-openai" -> azure();
                default -> throw new IllegalArgumentException("unknown provider '" + provider + "'; use " + NAMES);
            };
            Target t = target(name, kind, options);
            return live && t.keyRequired() && t.key() == null
                    ? Optional.of("provider " + name + " at " + Secrets.safeUrl(t.baseUrl()) + " needs an API key: "
                    + t.keyHint()
                    + ", or replay committed recordings with -DpromptEval.mode=replay")
                    : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * Checks, before any call, that a model's parameters can be sent to this provider (e.g. {@code frequency_penalty}
     * to Anthropic, {@code stream: true} anywhere), by building the request body a call would send.
     *
     * @return what cannot be sent and what to do, or empty when it can (also for unknown and {@code java:} providers,
     * which {@link #checkReady} reports)
     */
    public Optional<String> checkParameters(String provider, ModelSpec model) {
        return checkParameters(provider, model, List.of(new ChatMessage("user", "")));
    }

    /**
     * As {@link #checkParameters(String, ModelSpec)}, with the template's messages' shape
     * ({@link dev.prompteval.internal.template.PromptTemplate#shape()}): also whether the provider takes its roles' images.
     */
    public Optional<String> checkParameters(String provider, ModelSpec model, List<ChatMessage> shape) {
        WireFormat format = format(provider);
        if (format == null) return Optional.empty();
        try {
            List<ChatMessage> probe = shape.stream().anyMatch(m -> !m.images().isEmpty())
                    ? shape.stream().filter(m -> !m.images().isEmpty()).toList() : List.of(new ChatMessage("user", ""));
            format.body(new ModelRequest(new RenderedPrompt(probe, model, false), model, 0));
            return Optional.empty();
        } catch (ProviderException e) {
            return Optional.of("provider " + provider.trim() + ", model " + model.name() + ": " + e.getMessage());
        }
    }

    /**
     * The template's portable parameters this provider's API has no equivalent for with this model, which its calls
     * leave out (a seed on Anthropic; temperature and top_p on OpenAI's reasoning models): one line each, naming the
     * provider, model and parameter and what follows, for the run to say once before any call.
     */
    public List<String> parametersNotSent(String provider, ModelSpec model) {
        WireFormat format = format(provider);
        if (format == null) return List.of();
        return format.notSent(model).entrySet().stream().map(e -> "provider " + provider.trim() + ", model "
                + model.name() + ": parameter " + e.getKey() + " is not sent: " + e.getValue()).toList();
    }

    private WireFormat format(String provider) {
        String name = provider == null ? "" : provider.trim().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "openai", "openai-compatible" -> OPENAI.format();
            case "anthropic" -> ANTHROPIC.format();
            case "google", "gemini" -> GEMINI.format();
            case "azure", "azure-openai" -> azure().format();
            default -> null;
        };
    }

    private static final String NAMES = "openai, openai-compatible, anthropic, google (or gemini), azure, "
            + "or java:<class name> for your own code";

    private ModelProvider http(String name, HttpKind kind, ProviderOptions options) {
        Target t = target(name, kind, options);
        return new HttpModelProvider(http.forUrl(t.baseUrl()), kind.format(), t.baseUrl(), t.key(), t.keyRequired(),
                t.keyHint(), prices, retryAfter, headers(kind));
    }

    /**
     * The batch API behind a provider name: OpenAI Batch for {@code openai} and {@code openai-compatible} (when the
     * server serves {@code /files} and {@code /batches}), Anthropic Message Batches for {@code anthropic}, Gemini
     * batch mode for {@code google}; with the same base URL, key and headers as the interactive provider of that
     * name, so that its answers are cached under the same request keys.
     *
     * @throws IllegalArgumentException for a provider without a batch API here (Azure, {@code java:} targets), or a
     *                                  bad base URL, saying what to change
     */
    public BatchApi batch(String provider, ProviderOptions options) {
        Objects.requireNonNull(options, "options");
        String name = provider == null ? "" : provider.trim();
        HttpKind kind = switch (name.toLowerCase(Locale.ROOT)) {
            case "openai" -> OPENAI;
            case "openai-compatible" -> OPENAI_COMPATIBLE;
            case "anthropic" -> ANTHROPIC;
            case "google", "gemini" -> GEMINI;
            default -> throw new IllegalArgumentException("provider '" + provider + "' has no batch API that "
                    + "prompt-eval speaks (it speaks OpenAI Batch, Anthropic Message Batches and Gemini batch mode: "
                    + "providers openai, openai-compatible, anthropic, google); turn batch mode off for this suite "
                    + "with <batch>false</batch>");
        };
        Target t = target(name, kind, options);
        Map<String, String> headers = headers(kind);
        if (kind.format() instanceof AnthropicMessagesFormat) {
            return new AnthropicBatchApi(http.forUrl(t.baseUrl()), kind.format(), t.baseUrl(), t.key(),
                    t.keyRequired(), t.keyHint(), prices, retryAfter, headers);
        }
        if (kind.format() instanceof GeminiFormat) {
            return new GeminiBatchApi(http.forUrl(t.baseUrl()), kind.format(), t.baseUrl(), t.key(),
                    t.keyRequired(), t.keyHint(), prices, retryAfter, headers);
        }
        return new OpenAiBatchApi(http.forUrl(t.baseUrl()), kind.format(), t.baseUrl(), t.key(), t.keyRequired(),
                t.keyHint(), prices, retryAfter, headers);
    }

    /**
     * An embeddings client for the OpenAI-compatible {@code POST {base}/embeddings}, with the same base URL and key
     * resolution as the chat provider of that name.
     *
     * @param provider {@code openai} or {@code openai-compatible}; Anthropic has no embeddings API, and Gemini's is
     *                 another format that prompt-eval does not speak
     * @throws IllegalArgumentException for another provider name or a bad base URL, saying what to change
     */
    public EmbeddingProvider embeddings(String provider, ProviderOptions options) {
        Objects.requireNonNull(options, "options");
        String name = provider == null ? "" : provider.trim();
        HttpKind kind = switch (name.toLowerCase(Locale.ROOT)) {
            case "openai" -> OPENAI;
            case "openai-compatible" -> OPENAI_COMPATIBLE;
            default -> throw new IllegalArgumentException("embeddings provider '" + provider + "' is not supported; "
                    + "use openai, or openai-compatible with the base URL of a server that serves /embeddings "
                    + "(e.g. http://localhost:11434/v1 for Ollama)");
        };
        Target t = target(name, kind, options);
        return new OpenAiEmbeddings(http.forUrl(t.baseUrl()), t.baseUrl(), t.key(), t.keyRequired(), t.keyHint(),
                prices, retryAfter, headers(kind));
    }

    private Map<String, String> headers(HttpKind kind) {
        Map<String, String> headers = new TreeMap<>();
        kind.headerEnvs().forEach((header, variable) -> {
            String value = envVar(variable);
            if (value != null) headers.put(header, value);
        });
        return headers;
    }

    /** Where an HTTP provider's calls go and with which key; without one, calls fail before anything is sent. */
    private record Target(HttpUrl baseUrl, String key, boolean keyRequired, String keyHint) {
    }

    private Target target(String name, HttpKind kind, ProviderOptions options) {
        String base = firstNonNull(options.baseUrl(), envVar(kind.baseUrlEnv()), kind.defaultBaseUrl());
        if (base == null) {
            throw new IllegalArgumentException("provider '" + name + "' needs a base URL, e.g. "
                    + (kind.baseUrlEnv() != null ? "https://my-resource.openai.azure.com in " + kind.baseUrlEnv()
                    : "http://localhost:11434/v1 for Ollama") + "; or configure baseUrl for the suite");
        }
        HttpUrl baseUrl = HttpUrl.parse(base);
        if (baseUrl == null) {
            throw new IllegalArgumentException("base URL '" + base.replaceAll("//[^/@]*@", "//" + Secrets.MASK + "@")
                    .replaceAll("\\?.*", "?" + Secrets.MASK) + "' of provider '" + name
                    + "' is not an http:// or https:// URL");
        }
        String keyEnv = options.apiKeyEnv();
        if (keyEnv != null && !VARIABLE_NAME.matcher(keyEnv).matches()) {
            // Not echoed: a value that is not a variable name may be the key itself, pasted by mistake.
            throw new IllegalArgumentException("the suite's <apiKeyEnv> of provider '" + name + "' is not the name "
                    + "of an environment variable (letters, digits and _, e.g. OPENROUTER_API_KEY): put the key in "
                    + "an environment variable and name that variable in <apiKeyEnv>, never the key itself");
        }
        String key = options.apiKey();
        // A configured variable replaces the provider's own: a gateway's key is not the vendor's.
        List<String> keyEnvs = keyEnv != null ? List.of(keyEnv) : kind.keyEnvs();
        for (String var : keyEnvs) key = firstNonNull(key, envVar(var));
        // Azure has no default URL, but every Azure endpoint needs a key; so does a suite that names a key variable.
        boolean official = kind.format() instanceof AzureOpenAiFormat
                || kind.defaultBaseUrl() != null && baseUrl.equals(HttpUrl.parse(kind.defaultBaseUrl()));
        String keyHint;
        if (keyEnv != null) {
            keyHint = "set the environment variable " + keyEnv + " (named by the suite's <apiKeyEnv>)";
        } else if (kind.keyEnvs().isEmpty()) {
            keyHint = "set <apiKeyEnv> in the suite to the name of the environment variable holding the key "
                    + "(e.g. OPENROUTER_API_KEY); a local server usually needs none";
        } else {
            keyHint = "set " + String.join(" or ", kind.keyEnvs()) + ", or <apiKeyEnv> in the suite to the name of "
                    + "the environment variable holding the key";
        }
        return new Target(baseUrl, key, official || keyEnv != null, keyHint);
    }

    private static final java.util.regex.Pattern VARIABLE_NAME = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** {@code name} when it is a variable name, else a placeholder (it may be a key pasted in by mistake). */
    static String variableName(String name) {
        return VARIABLE_NAME.matcher(name).matches() ? name : "(not a variable name)";
    }

    private String envVar(String name) {
        return name == null ? null : ProviderOptions.blankToNull(env.apply(name));
    }

    private static String firstNonNull(String... values) {
        for (String v : values) if (v != null) return v;
        return null;
    }

    /** Whether the HTTP client was made, i.e. a call was sent through one of these providers. */
    boolean httpClientMade() {
        return http.ifMade() != null;
    }

    /** Stops the HTTP client's threads and closes idle connections. */
    @Override
    public void close() {
        OkHttpClient client = http.ifMade();
        if (client == null) return;
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    /** Settings for {@link Providers}; every one has a default. */
    public static final class Builder {
        private Function<String, String> env = System::getenv;
        private ClassLoader classLoader = Providers.class.getClassLoader();
        private PriceTable prices = PriceTable.builtIn();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(120);
        private Duration callTimeout = Duration.ofMinutes(10);
        private int maxConcurrency = 256;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** Where keys and base URLs are read from (default {@link System#getenv(String)}); injectable for tests. */
        public Builder env(Function<String, String> env) {
            this.env = Objects.requireNonNull(env);
            return this;
        }

        /** Loads {@code java:} custom targets (default: the class loader of prompt-eval). */
        public Builder classLoader(ClassLoader classLoader) {
            this.classLoader = Objects.requireNonNull(classLoader);
            return this;
        }

        public Builder prices(PriceTable prices) {
            this.prices = Objects.requireNonNull(prices);
            return this;
        }

        /** Default 10 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** Longest silence while waiting for or reading a response (default 120 s; models can think long). */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** Longest whole call (default 10 min; {@link Duration#ZERO} for none). */
        public Builder callTimeout(Duration timeout) {
            this.callTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** Calls in flight the HTTP client is sized for (default 256). */
        public Builder maxConcurrency(int calls) {
            if (calls < 1) throw new IllegalArgumentException("maxConcurrency must be at least 1, got " + calls);
            this.maxConcurrency = calls;
            return this;
        }

        /** The clock that turns reset instants into waits (tests). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public Providers build() {
            return new Providers(this);
        }
    }
}
