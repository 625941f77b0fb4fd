package dev.prompteval.internal.suite;

import dev.prompteval.internal.gate.GateRules;
import dev.prompteval.internal.provider.ProviderOptions;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One suite as the user configured it (in a POM or an annotation): which prompt, which candidate against which
 * baseline, on which data, under which rules. References are kept as written; {@link SuiteEvaluator#prepare}
 * resolves and validates them.
 *
 * @param name        suite name, shown in reports and used to select suites
 * @param prompt      the prompt's registry name
 * @param candidate   candidate reference ({@code file:...}, {@code version:N}, {@code label:L}, {@code latest})
 * @param baseline    baseline reference, or null for none (absolute rules only)
 * @param datasets    CSV files; relative paths resolve against the project folder
 * @param model       overrides of the templates' {@code metadata.model} (null fields keep the template's)
 * @param baseUrl     provider base URL override, or null
 * @param repeat      samples per row, at least 1
 * @param assertions  assertion cells applied to every row besides the dataset's own
 * @param rules       the gate rules
 * @param pushResults whether to push results to the registry; null means "when the candidate is a registry version"
 * @param batch       whether this suite's calls go through the providers' batch APIs; null for the build's
 *                    {@code promptEval.batch}
 * @param apiKeyEnv   the name of the environment variable holding the provider's key, or null for the provider's
 *                    own variables (never the key itself)
 */
public record SuiteSpec(String name, String prompt, String candidate, String baseline, List<Path> datasets,
                        ModelOverride model, String baseUrl, int repeat, List<String> assertions, GateRules rules,
                        Boolean pushResults, Boolean batch, String apiKeyEnv) {

    public SuiteSpec {
        datasets = List.copyOf(datasets);
        assertions = List.copyOf(assertions);
        model = Objects.requireNonNullElse(model, ModelOverride.NONE);
        rules = Objects.requireNonNullElse(rules, GateRules.defaults());
    }

    /** A suite that follows the build's batch setting and reads its key, if any, from the provider's variables. */
    public SuiteSpec(String name, String prompt, String candidate, String baseline, List<Path> datasets,
                     ModelOverride model, String baseUrl, int repeat, List<String> assertions, GateRules rules,
                     Boolean pushResults) {
        this(name, prompt, candidate, baseline, datasets, model, baseUrl, repeat, assertions, rules, pushResults, null,
                null);
    }

    /** Where this suite's calls go and which variable holds their key. */
    public ProviderOptions providerOptions() {
        return ProviderOptions.suite(baseUrl, apiKeyEnv);
    }

    /** What a suite overrides of the templates' model: any field may be null. */
    public record ModelOverride(String provider, String name, Map<String, Object> parameters) {
        public static final ModelOverride NONE = new ModelOverride(null, null, Map.of());

        public ModelOverride {
            parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        }
    }
}
