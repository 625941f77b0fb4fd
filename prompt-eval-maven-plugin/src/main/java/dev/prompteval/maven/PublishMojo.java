package dev.prompteval.maven;

import dev.prompteval.registry.RegistryException;
import dev.prompteval.suite.PublishRefusedException;
import dev.prompteval.suite.Publisher;
import dev.prompteval.suite.SuiteSpec;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.util.List;

/**
 * Publishes each suite's candidate only through the gate: a working-tree candidate becomes a new registry version and
 * the release label moves to it; a registry candidate gets the label. The evaluation's results are then pushed against
 * that version. Refuses, with nothing written, unless {@code target/prompt-eval/gate.json} says PASS for exactly the
 * content being published and for the baseline the registry holds now.
 */
@Mojo(name = "publish", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public class PublishMojo extends AbstractPromptEvalMojo {

    /** The release label to move to the published version; empty to publish without moving a label. */
    @Parameter(property = "promptEval.label", defaultValue = "prod")
    String label;

    /** The commit message of the new version (PromptLayer keeps its first 72 characters). */
    @Parameter(property = "promptEval.commitMessage", defaultValue = "Published by prompt-eval after the gate passed")
    String commitMessage;

    /**
     * Publish although the gate did not pass. Requires a reason, which is recorded in the new version's commit
     * message; every check that would have refused is still logged.
     */
    @Parameter(property = "promptEval.overrideReason")
    String overrideReason;

    /** Print what would be published, and write nothing. */
    @Parameter(property = "promptEval.dryRun", defaultValue = "false")
    boolean dryRun;

    /** Skip publishing. */
    @Parameter(property = "promptEval.publish.skip", defaultValue = "false")
    boolean skip;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("prompt-eval publish: skipped (promptEval.publish.skip)");
            return;
        }
        List<SuiteSpec> specs = selectedSuites();
        if (specs.isEmpty()) {
            getLog().info("prompt-eval publish: no suites configured");
            return;
        }
        if (overrideReason != null && !overrideReason.isBlank()) {
            getLog().warn("prompt-eval publish: the gate is OVERRIDDEN, reason: " + overrideReason.strip());
        }
        Publisher publisher = new Publisher(openRegistry(), basedir.toPath(), outputDirectory.toPath());
        try {
            List<String> lines = publisher.publish(specs,
                    new Publisher.Options(label, commitMessage, overrideReason, dryRun));
            lines.forEach(line -> getLog().info("prompt-eval publish: " + line));
        } catch (PublishRefusedException e) {
            e.reasons().forEach(reason -> getLog().error(reason));
            throw new MojoFailureException("prompt-eval publish refused " + e.reasons().size() + " time(s), listed"
                    + " above; nothing was written to the registry. Evaluate first (mvn verify), or override with"
                    + " -DpromptEval.overrideReason=\"why\"");
        } catch (RegistryException e) {
            throw new MojoExecutionException("prompt-eval publish: " + e.getMessage(), e);
        }
    }
}
