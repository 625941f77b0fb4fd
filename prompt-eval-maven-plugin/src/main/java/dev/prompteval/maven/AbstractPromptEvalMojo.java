package dev.prompteval.maven;

import dev.prompteval.registry.PromptRegistry;
import dev.prompteval.registry.file.FileRegistry;
import dev.prompteval.registry.promptlayer.PromptLayerRegistry;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;

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
