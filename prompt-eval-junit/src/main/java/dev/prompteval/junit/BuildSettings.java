package dev.prompteval.junit;

import dev.prompteval.provider.CachingProvider;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The settings a {@code @PromptEval} suite takes from the build rather than its annotation: JUnit configuration
 * parameters, which fall back to system properties. The names are the Maven plugin's; see {@link PromptEval}.
 *
 * @param cacheDir null when the cache is turned off
 * @param repeat   null when not configured
 */
record BuildSettings(Path projectDir, Path outputDir, Path registryDir, CachingProvider.Mode mode, Path recordingsDir,
                     Path cacheDir, int concurrency, Integer repeat) {

    static final String MODE = "promptEval.mode";
    static final String REGISTRY = "promptEval.registry";
    static final String RECORDINGS = "promptEval.recordings";
    static final String CACHE = "promptEval.cache";
    static final String CONCURRENCY = "promptEval.concurrency";
    static final String REPEAT = "promptEval.repeat";
    static final String OUTPUT_DIR = "promptEval.outputDir";
    static final String PROJECT_DIR = "promptEval.projectDir";

    /**
     * @param parameters JUnit's configuration parameters ({@code ExtensionContext::getConfigurationParameter})
     * @param problems   collects what cannot be read, naming the parameter
     */
    static BuildSettings read(Function<String, Optional<String>> parameters, List<String> problems) {
        var reader = new Reader(parameters, problems);
        Path projectDir = reader.path(PROJECT_DIR, null,
                parameters.apply("basedir").or(() -> Optional.ofNullable(System.getProperty("user.dir"))).orElse("."))
                .toAbsolutePath().normalize();
        Path outputDir = reader.path(OUTPUT_DIR, projectDir, "target/prompt-eval");
        String cache = reader.text(CACHE).orElse(null);
        CachingProvider.Mode mode = CachingProvider.Mode.LIVE;
        try {
            mode = CachingProvider.Mode.parse(reader.text(MODE).orElse("live"));
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        return new BuildSettings(projectDir, outputDir,
                reader.path(REGISTRY, projectDir, "prompt-registry"), mode,
                reader.path(RECORDINGS, projectDir, "src/test/prompt-eval/recordings"),
                "none".equals(cache) ? null : reader.path(CACHE, outputDir, "cache"),
                reader.positive(CONCURRENCY, 16), reader.text(REPEAT).isPresent() ? reader.positive(REPEAT, 1) : null);
    }

    private record Reader(Function<String, Optional<String>> parameters, List<String> problems) {
        Optional<String> text(String name) {
            return parameters.apply(name).map(String::strip).filter(s -> !s.isEmpty());
        }

        /** The parameter as a path resolved against {@code base} (null: as it is), or the default. */
        Path path(String name, Path base, String defaultValue) {
            String value = text(name).orElse(defaultValue);
            try {
                Path path = Path.of(value);
                return base == null ? path : base.resolve(path).normalize();
            } catch (InvalidPathException e) {
                problems.add(name + " '" + value + "' is not a valid path: " + e.getReason());
                return Path.of(defaultValue);
            }
        }

        int positive(String name, int defaultValue) {
            String value = text(name).orElse(null);
            if (value == null) return defaultValue;
            try {
                int number = Integer.parseInt(value);
                if (number >= 1) return number;
            } catch (NumberFormatException e) {
                // reported below
            }
            problems.add(name + " must be a whole number of at least 1, was '" + value + "'");
            return defaultValue;
        }
    }
}
