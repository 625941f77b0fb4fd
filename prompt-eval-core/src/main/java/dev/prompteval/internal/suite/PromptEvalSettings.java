package dev.prompteval.internal.suite;

import dev.prompteval.internal.batch.BatchSettings;
import dev.prompteval.internal.provider.EvaluationMode;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The build's settings, read from one set of {@code promptEval.*} properties whichever front runs the suites: the
 * Maven plugin translates its parameters into these names, the JUnit extension reads them from its configuration
 * parameters (or system properties). Each name, default and meaning is defined here and documented once, in the
 * README's settings table.
 *
 * @param projectDir         relative paths resolve against it
 * @param outputDir          reports, gate.json, results and journals
 * @param registry           {@code file} or {@code promptlayer}
 * @param registryDir        the file registry's folder
 * @param promptLayerBaseUrl PromptLayer's base URL, or null for {@code PROMPTLAYER_BASE_URL} or its public API
 * @param mode               live, record or replay
 * @param recordingsDir      committed recordings ({@code <suite>.jsonl} per suite)
 * @param cacheDir           the local response cache, or null when {@code promptEval.cache} is false
 * @param concurrency        model calls in flight at most, per run
 * @param maxCost            spend in US dollars at which a run stops starting calls, or null for no limit
 * @param repeat             samples per row for suites that set none
 * @param grader             the model behind {@code llm-rubric}/{@code grade} and {@code similar}
 * @param retryBudgetSeconds how long one call is retried while the provider answers with rate limits or overloads
 *                           (429, 529, 503); 0 turns those retries off
 * @param batch              batch mode: on for every suite that does not say otherwise, the wait limit, the polling
 */
public record PromptEvalSettings(Path projectDir, Path outputDir, String registry, Path registryDir,
                                 String promptLayerBaseUrl, EvaluationMode mode, Path recordingsDir,
                                 Path cacheDir, int concurrency, Double maxCost, int repeat, Grader grader,
                                 long retryBudgetSeconds, BatchSettings batch) {

    /** Settings without batch mode. */
    public PromptEvalSettings(Path projectDir, Path outputDir, String registry, Path registryDir,
                              String promptLayerBaseUrl, EvaluationMode mode, Path recordingsDir,
                              Path cacheDir, int concurrency, Double maxCost, int repeat, Grader grader,
                              long retryBudgetSeconds) {
        this(projectDir, outputDir, registry, registryDir, promptLayerBaseUrl, mode, recordingsDir, cacheDir,
                concurrency, maxCost, repeat, grader, retryBudgetSeconds, BatchSettings.OFF);
    }

    /** The property names, each with its default ({@code {project}} and {@code {output}} stand for those folders). */
    public enum Property {
        PROJECT_DIR("promptEval.projectDir", "the current folder"),
        OUTPUT_DIRECTORY("promptEval.outputDirectory", "{project}/target/prompt-eval"),
        REGISTRY("promptEval.registry", "file"),
        REGISTRY_DIRECTORY("promptEval.registryDirectory", "{project}/prompt-registry"),
        PROMPTLAYER_BASE_URL("promptEval.promptLayerBaseUrl", null),
        MODE("promptEval.mode", "live"),
        RECORDINGS_DIRECTORY("promptEval.recordingsDirectory", "{project}/src/test/prompt-eval/recordings"),
        CACHE("promptEval.cache", "true"),
        CACHE_DIRECTORY("promptEval.cacheDirectory", "{output}/cache"),
        CONCURRENCY("promptEval.concurrency", "16"),
        MAX_COST("promptEval.maxCost", null),
        REPEAT("promptEval.repeat", "1"),
        GRADER_PROVIDER("promptEval.grader.provider", "openai"),
        GRADER_MODEL("promptEval.grader.model", "gpt-4o-mini"),
        GRADER_BASE_URL("promptEval.grader.baseUrl", null),
        GRADER_EMBEDDING_MODEL("promptEval.grader.embeddingModel", "text-embedding-3-small"),
        GRADER_EMBEDDING_PROVIDER("promptEval.grader.embeddingProvider", null),
        RETRY_BUDGET_SECONDS("promptEval.retryBudgetSeconds", "600"),
        /**
         * {@code I/N}: evaluate only shard I of N and write a shard file instead of deciding; unset reads GitLab's
         * {@code CI_NODE_INDEX}/{@code CI_NODE_TOTAL}; {@code none} never shards. Read by
         * {@code dev.prompteval.internal.shard.Shard#configured}.
         */
        SHARD("promptEval.shard", null),
        BATCH("promptEval.batch", "false"),
        BATCH_WAIT_MINUTES("promptEval.batchWaitMinutes", "1440"),
        BATCH_POLL_SECONDS("promptEval.batchPollSeconds", "60");

        private final String key;
        private final String defaultValue;

        Property(String key, String defaultValue) {
            this.key = key;
            this.defaultValue = defaultValue;
        }

        /** The property's name, e.g. {@code promptEval.cache}. */
        public String key() {
            return key;
        }

        /** The default as text, or null when unset means "none". */
        public String defaultValue() {
            return defaultValue;
        }
    }

    /** Names earlier versions of the JUnit extension read, and what replaced them. */
    private static final Map<String, String> RENAMED = Map.of(
            "promptEval.outputDir", Property.OUTPUT_DIRECTORY.key,
            "promptEval.recordings", Property.RECORDINGS_DIRECTORY.key);

    /**
     * The grader model of model-graded assertions.
     *
     * @param baseUrl           base URL of the grader and embeddings endpoints (an OpenAI-compatible server), or null
     *                          for the provider's own
     * @param embeddingProvider who embeds for {@code similar}: {@code openai} or {@code openai-compatible}; null for
     *                          the grader's provider when it serves embeddings, else {@code openai} (Anthropic and
     *                          Google graders have no OpenAI-style embeddings)
     */
    public record Grader(String provider, String model, String baseUrl, String embeddingModel,
                         String embeddingProvider) {
        /** The provider that embeds for {@code similar}. */
        public String embedder() {
            if (embeddingProvider != null && !embeddingProvider.isBlank()) return embeddingProvider.strip();
            boolean graderEmbeds = provider.equalsIgnoreCase("openai") || provider.equalsIgnoreCase("openai-compatible");
            return graderEmbeds ? provider : "openai";
        }
    }

    public PromptEvalSettings {
        Objects.requireNonNull(projectDir, "projectDir");
        Objects.requireNonNull(outputDir, "outputDir");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(registryDir, "registryDir");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(recordingsDir, "recordingsDir");
        Objects.requireNonNull(grader, "grader");
        Objects.requireNonNull(batch, "batch");
    }

    /**
     * Reads the settings.
     *
     * @param properties looks a property up by name; null (or blank) when unset
     * @param projectDir the project folder when {@code promptEval.projectDir} is unset
     * @throws SuiteConfigurationException naming every property whose value cannot be used
     */
    public static PromptEvalSettings read(Function<String, String> properties, Path projectDir) {
        var problems = new ArrayList<String>();
        PromptEvalSettings settings = read(properties, projectDir, problems);
        if (!problems.isEmpty()) throw new SuiteConfigurationException(problems);
        return settings;
    }

    /**
     * Reads the settings, adding a problem for each property whose value cannot be used (the default stands in).
     *
     * @param problems every problem found, each naming the property and what to do
     */
    public static PromptEvalSettings read(Function<String, String> properties, Path projectDir,
                                          List<String> problems) {
        var reader = new Reader(properties, problems);
        RENAMED.forEach((old, now) -> {
            if (reader.text(old) != null) problems.add(old + " is now called " + now + "; rename it");
        });
        Path project = reader.path(Property.PROJECT_DIR, null, projectDir.toString()).toAbsolutePath().normalize();
        Path output = reader.path(Property.OUTPUT_DIRECTORY, project, "target/prompt-eval");
        String registry = reader.value(Property.REGISTRY).toLowerCase(Locale.ROOT);
        if (!registry.equals("file") && !registry.equals("promptlayer")) {
            problems.add(Property.REGISTRY.key + " '" + registry + "' is not a registry; use file (a folder in the"
                    + " project, " + Property.REGISTRY_DIRECTORY.key + ") or promptlayer");
            registry = "file";
        }
        EvaluationMode mode = EvaluationMode.LIVE;
        try {
            mode = EvaluationMode.parse(reader.value(Property.MODE));
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        boolean cache = reader.bool(Property.CACHE);
        Path cacheDir = reader.path(Property.CACHE_DIRECTORY, output, "cache");
        Double maxCost = reader.positiveNumber(Property.MAX_COST);
        var grader = new Grader(reader.value(Property.GRADER_PROVIDER), reader.value(Property.GRADER_MODEL),
                reader.value(Property.GRADER_BASE_URL), reader.value(Property.GRADER_EMBEDDING_MODEL),
                reader.value(Property.GRADER_EMBEDDING_PROVIDER));
        return new PromptEvalSettings(project, output, registry,
                reader.path(Property.REGISTRY_DIRECTORY, project, "prompt-registry"),
                reader.value(Property.PROMPTLAYER_BASE_URL), mode,
                reader.path(Property.RECORDINGS_DIRECTORY, project, "src/test/prompt-eval/recordings"),
                cache ? cacheDir : null, reader.positive(Property.CONCURRENCY), maxCost,
                reader.positive(Property.REPEAT), grader, reader.atLeastZero(Property.RETRY_BUDGET_SECONDS),
                new BatchSettings(reader.bool(Property.BATCH),
                        Duration.ofMinutes(reader.atLeastZero(Property.BATCH_WAIT_MINUTES)),
                        Duration.ofSeconds(reader.positive(Property.BATCH_POLL_SECONDS))));
    }

    /** These settings as properties, so that a front can hand them on (e.g. to a JUnit run) unchanged. */
    public Map<String, String> toProperties() {
        var map = new java.util.LinkedHashMap<String, String>();
        map.put(Property.PROJECT_DIR.key, projectDir.toString());
        map.put(Property.OUTPUT_DIRECTORY.key, outputDir.toString());
        map.put(Property.REGISTRY.key, registry);
        map.put(Property.REGISTRY_DIRECTORY.key, registryDir.toString());
        if (promptLayerBaseUrl != null) map.put(Property.PROMPTLAYER_BASE_URL.key, promptLayerBaseUrl);
        map.put(Property.MODE.key, mode.name().toLowerCase(Locale.ROOT));
        map.put(Property.RECORDINGS_DIRECTORY.key, recordingsDir.toString());
        map.put(Property.CACHE.key, Boolean.toString(cacheDir != null));
        if (cacheDir != null) map.put(Property.CACHE_DIRECTORY.key, cacheDir.toString());
        map.put(Property.CONCURRENCY.key, Integer.toString(concurrency));
        if (maxCost != null) map.put(Property.MAX_COST.key, Double.toString(maxCost));
        map.put(Property.REPEAT.key, Integer.toString(repeat));
        map.put(Property.GRADER_PROVIDER.key, grader.provider());
        map.put(Property.GRADER_MODEL.key, grader.model());
        if (grader.baseUrl() != null) map.put(Property.GRADER_BASE_URL.key, grader.baseUrl());
        map.put(Property.GRADER_EMBEDDING_MODEL.key, grader.embeddingModel());
        if (grader.embeddingProvider() != null) map.put(Property.GRADER_EMBEDDING_PROVIDER.key, grader.embeddingProvider());
        map.put(Property.RETRY_BUDGET_SECONDS.key, Long.toString(retryBudgetSeconds));
        map.put(Property.BATCH.key, Boolean.toString(batch.enabled()));
        map.put(Property.BATCH_WAIT_MINUTES.key, Long.toString(batch.waitLimit().toMinutes()));
        map.put(Property.BATCH_POLL_SECONDS.key, Long.toString(batch.pollInterval().toSeconds()));
        return map;
    }

    private record Reader(Function<String, String> properties, List<String> problems) {
        String text(String key) {
            String value = properties.apply(key);
            return value == null || value.isBlank() ? null : value.strip();
        }

        /** The property's value, or its default (null when it has none). */
        String value(Property property) {
            String value = text(property.key);
            return value != null ? value : property.defaultValue;
        }

        /** The property as a path resolved against {@code base} (null: as it is), or {@code fallback} so resolved. */
        Path path(Property property, Path base, String fallback) {
            String value = text(property.key);
            String used = value != null ? value : fallback;
            try {
                Path path = Path.of(used);
                return base == null ? path : base.resolve(path).normalize();
            } catch (InvalidPathException e) {
                problems.add(property.key + " '" + used + "' is not a valid path: " + e.getReason());
                Path path = Path.of(fallback);
                return base == null ? path : base.resolve(path).normalize();
            }
        }

        boolean bool(Property property) {
            String value = value(property).toLowerCase(Locale.ROOT);
            if (value.equals("true") || value.equals("false")) return value.equals("true");
            problems.add(property.key + " is true or false, was '" + value + "'"
                    + (property == Property.CACHE ? "; the cache's folder is " + Property.CACHE_DIRECTORY.key : ""));
            return Boolean.parseBoolean(property.defaultValue);
        }

        int positive(Property property) {
            return (int) whole(property, 1, Integer.MAX_VALUE);
        }

        long atLeastZero(Property property) {
            return whole(property, 0, Long.MAX_VALUE);
        }

        /** The property as a whole number in [min, max]; the default (and a problem) when it is not. */
        private long whole(Property property, long min, long max) {
            String value = value(property);
            try {
                long number = Long.parseLong(value);
                if (number >= min && number <= max) return number;
            } catch (NumberFormatException e) {
                // reported below
            }
            problems.add(property.key + " must be a whole number of at least " + min + ", was '" + value + "'");
            return Long.parseLong(property.defaultValue);
        }

        Double positiveNumber(Property property) {
            String value = value(property);
            if (value == null) return null;
            try {
                double number = Double.parseDouble(value);
                if (number > 0 && Double.isFinite(number)) return number;
            } catch (NumberFormatException e) {
                // reported below
            }
            problems.add(property.key + " must be > 0 (US dollars), was '" + value + "'");
            return null;
        }
    }
}
