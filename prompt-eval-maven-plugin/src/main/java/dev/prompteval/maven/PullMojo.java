package dev.prompteval.maven;

import dev.prompteval.internal.io.AtomicFiles;
import dev.prompteval.internal.registry.PromptReference;
import dev.prompteval.internal.registry.RegistryException;
import dev.prompteval.internal.registry.RegistryPrompt;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Fetches a prompt version or label from the registry into a working-tree file: the registry-to-Git direction of
 * GitOps (a CI job triggered by a registry webhook runs it and opens a merge request with the change).
 */
@Mojo(name = "pull", requiresProject = true, threadSafe = true)
public class PullMojo extends AbstractPromptEvalMojo {

    /** The prompt's registry name, e.g. {@code support/ticket-classifier}. */
    @Parameter(property = "promptEval.prompt", required = true)
    String prompt;

    /** What to fetch: {@code version:N}, {@code label:L} or {@code latest}. */
    @Parameter(property = "promptEval.reference", defaultValue = "label:prod")
    String reference;

    /** The working-tree file to write, e.g. {@code src/main/prompts/ticket-classifier.json}. */
    @Parameter(property = "promptEval.file", required = true)
    File file;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        RegistryPrompt fetched;
        try {
            PromptReference ref = PromptReference.parse(reference);
            if (ref instanceof PromptReference.File) {
                throw new MojoExecutionException("promptEval.reference " + reference + " is a file; pull fetches from"
                        + " the registry: use version:N, label:L or latest");
            }
            fetched = openRegistry().getSource(prompt, ref); // snippets stay references in the file
        } catch (RegistryException e) {
            throw new MojoExecutionException("prompt-eval pull: " + e.getMessage(), e);
        }
        Path target = file.toPath().toAbsolutePath();
        try {
            AtomicFiles.write(target, fetched.template().toPrettyJson());
        } catch (IOException e) {
            throw new MojoExecutionException("prompt-eval pull: " + target + " could not be written: "
                    + e.getMessage(), e);
        }
        getLog().info("prompt-eval pull: wrote " + prompt + " version " + fetched.version() + " (" + reference
                + (fetched.labels().isEmpty() ? "" : ", labels " + fetched.labels()) + ") to " + target);
    }
}
