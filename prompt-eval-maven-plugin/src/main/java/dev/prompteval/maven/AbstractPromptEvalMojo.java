package dev.prompteval.maven;

import dev.prompteval.registry.PromptRegistry;
import dev.prompteval.registry.file.FileRegistry;
import dev.prompteval.registry.promptlayer.PromptLayerRegistry;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Parameter;

import dev.prompteval.suite.SuiteSpec;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** What every prompt-eval goal shares: the project, the registry and where outputs go. */
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
    List<SuiteSpec> selectedSuites() throws MojoExecutionException {
        var problems = new ArrayList<String>();
        List<SuiteSpec> specs = selectedSuites(problems);
        if (!problems.isEmpty()) {
            problems.forEach(getLog()::error);
            throw new MojoExecutionException("prompt-eval: " + problems.size() + " configuration problem(s), listed"
                    + " above");
        }
        return specs;
    }

    /**
     * The configured suites that {@code promptEval.suites} selects, translated for core.
     *
     * @param problems where every problem of the suites' POM configuration is added, each naming suite and element
     */
    List<SuiteSpec> selectedSuites(List<String> problems) {
        Set<String> wanted = suiteFilter == null || suiteFilter.isBlank() ? Set.of()
                : Arrays.stream(suiteFilter.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        var specs = new ArrayList<SuiteSpec>();
        var known = new ArrayList<String>();
        for (Suite suite : suites) {
            known.add(suite.name);
            if (wanted.isEmpty() || wanted.contains(suite.name)) {
                if (candidateOverride != null && !candidateOverride.isBlank()) suite.candidate = candidateOverride;
                specs.add(SuiteSpecs.of(suite, repeat, problems));
            }
        }
        for (String name : wanted) {
            if (!known.contains(name)) {
                problems.add("promptEval.suites names " + name + ", which is not a configured suite; configured: "
                        + known);
            }
        }
        return specs;
    }

    /** The registry this build works against. PromptLayer's key comes from {@code PROMPTLAYER_API_KEY} only. */
    PromptRegistry openRegistry() throws MojoExecutionException {
        switch (registry == null ? "file" : registry.trim()) {
            case "file":
                return new FileRegistry(registryDirectory.toPath());
            case "promptlayer":
                PromptLayerRegistry.Builder builder = PromptLayerRegistry.builder().environment(System::getenv);
                if (promptLayerBaseUrl != null && !promptLayerBaseUrl.isBlank()) builder.baseUrl(promptLayerBaseUrl);
                return builder.build();
            default:
                throw new MojoExecutionException("<registry>" + registry + "</registry> is not supported; use file"
                        + " (a folder in the project) or promptlayer");
        }
    }
}
