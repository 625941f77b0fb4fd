package dev.prompteval.maven;

import dev.prompteval.internal.PromptEvalException;
import dev.prompteval.internal.registry.PromptRegistry;
import dev.prompteval.internal.suite.EvaluationSession;
import dev.prompteval.internal.suite.PromptEvalSettings.Property;
import dev.prompteval.internal.suite.PromptEvalSettings;
import dev.prompteval.internal.suite.SuiteSpec;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What every prompt-eval goal shares: the project, the registry and where outputs go. Goals only translate their
 * parameters into core's {@link PromptEvalSettings} (the same {@code promptEval.*} names the JUnit extension reads)
 * and hand over to core.
 */
abstract class AbstractPromptEvalMojo extends AbstractMojo {

    @Parameter(defaultValue = "${project.basedir}", readonly = true, required = true)
    File basedir;

    /** Reports, the gate decision and run journals go here. */
    @Parameter(property = "promptEval.outputDirectory", defaultValue = "${project.build.directory}/prompt-eval")
    File outputDirectory;

    /** {@code file} (the embedded registry, a folder in the project) or {@code promptlayer}. */
    @Parameter(property = "promptEval.registry", defaultValue = "file")
    String registry;

    /** The file registry's folder. */
    @Parameter(property = "promptEval.registryDirectory", defaultValue = "${project.basedir}/prompt-registry")
    File registryDirectory;

    /** PromptLayer's base URL; default {@code PROMPTLAYER_BASE_URL}, else https://api.promptlayer.com. */
    @Parameter(property = "promptEval.promptLayerBaseUrl")
    String promptLayerBaseUrl;

    /** The suites: which prompt, which candidate against which baseline, on which data, under which rules. */
    @Parameter
    List<Suite> suites = new ArrayList<>();

    /** Only these suites (comma-separated names); all when empty. */
    @Parameter(property = "promptEval.suites")
    String suiteFilter;

    /**
     * Overrides the candidate of the selected suites, e.g. {@code version:7} when a registry webhook started the
     * build for a new version.
     */
    @Parameter(property = "promptEval.candidate")
    String candidateOverride;

    /** Samples per row, for suites that set no {@code <repeat>}. */
    @Parameter(property = "promptEval.repeat", defaultValue = "1")
    int repeat;

    /** The configured suites that {@code promptEval.suites} selects, translated for core; all problems at once. */
    List<SuiteSpec> selectedSuites() throws MojoFailureException {
        var problems = new ArrayList<String>();
        List<SuiteSpec> specs = selectedSuites(problems, Set.of());
        if (!problems.isEmpty()) throw configurationFailure(problems, "");
        return specs;
    }

    /**
     * The configured suites that {@code promptEval.suites} selects, translated for core.
     *
     * @param problems where every problem of the suites' POM configuration is added, each naming suite and element
     * @param elsewhere names of suites configured elsewhere ({@code @PromptEval}), which the filter may name too
     */
    List<SuiteSpec> selectedSuites(List<String> problems, Set<String> elsewhere) {
        Set<String> wanted = wantedSuites();
        var specs = new ArrayList<SuiteSpec>();
        var known = new ArrayList<String>();
        for (Suite suite : suites) {
            known.add(suite.name);
            if (wanted.isEmpty() || wanted.contains(suite.name)) {
                if (candidateOverride != null && !candidateOverride.isBlank()) suite.candidate = candidateOverride;
                specs.add(SuiteSpecs.of(suite, repeat, problems));
            }
        }
        known.addAll(elsewhere);
        for (String name : wanted) {
            if (!known.contains(name)) {
                problems.add("promptEval.suites names " + name + ", which is not a configured suite; configured: "
                        + known);
            }
        }
        return specs;
    }

    /** The names {@code promptEval.suites} selects; empty for all. */
    Set<String> wantedSuites() {
        return suiteFilter == null || suiteFilter.isBlank() ? Set.of()
                : Arrays.stream(suiteFilter.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /**
     * This goal's parameters as the {@code promptEval.*} properties core reads; a goal adds its own. The one
     * translation of the plugin's configuration: what the properties mean is {@link PromptEvalSettings}'.
     */
    Map<String, String> properties() {
        var properties = new LinkedHashMap<String, String>();
        properties.put(Property.PROJECT_DIR.key(), basedir.getAbsolutePath());
        properties.put(Property.OUTPUT_DIRECTORY.key(), outputDirectory.getAbsolutePath());
        properties.put(Property.REGISTRY.key(), registry);
        properties.put(Property.REGISTRY_DIRECTORY.key(), registryDirectory.getAbsolutePath());
        properties.put(Property.PROMPTLAYER_BASE_URL.key(), promptLayerBaseUrl);
        properties.put(Property.REPEAT.key(), Integer.toString(repeat));
        return properties;
    }

    /**
     * The settings this goal's parameters translate to.
     *
     * @param problems where every parameter that cannot be used is added
     */
    PromptEvalSettings settings(List<String> problems) {
        Map<String, String> properties = properties();
        return PromptEvalSettings.read(properties::get, basedir.toPath(), problems);
    }

    /** The registry this build works against. PromptLayer's key comes from {@code PROMPTLAYER_API_KEY} only. */
    PromptRegistry openRegistry() throws MojoFailureException {
        var problems = new ArrayList<String>();
        PromptEvalSettings settings = settings(problems);
        if (!problems.isEmpty()) throw configurationFailure(problems, "");
        try {
            return EvaluationSession.openRegistry(settings, System::getenv);
        } catch (PromptEvalException e) {
            throw configurationFailure(e.problems(), "");
        }
    }

    /** Every problem, one ERROR line each, then one failure for all of them, without a stack trace. */
    MojoFailureException configurationFailure(List<String> problems, String consequence) {
        problems.forEach(getLog()::error);
        return new MojoFailureException("prompt-eval: " + problems.size() + " configuration problem(s), listed"
                + " above" + consequence);
    }
}
