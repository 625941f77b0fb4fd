package dev.prompteval.maven;

import dev.prompteval.internal.PromptEvalException;
import dev.prompteval.internal.report.ReportException;
import dev.prompteval.internal.report.Reports;
import dev.prompteval.internal.report.SuiteReport;
import dev.prompteval.internal.suite.PublishRefusedException;
import dev.prompteval.internal.suite.Publisher;
import dev.prompteval.internal.suite.SuiteSpec;
import dev.prompteval.report.GateFile;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Publishes each suite's candidate (the POM's suites, and the {@code @PromptEval} suites the evaluation listed in
 * {@code gate.json}) only through the gate: a working-tree candidate becomes a new registry version and
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
        var problems = new ArrayList<String>();
        Path outputDir = outputDirectory.toPath();
        List<SuiteSpec> annotated = annotationSuites(outputDir);
        Set<String> annotatedNames = annotated.stream().map(SuiteSpec::name).collect(Collectors.toSet());
        List<SuiteSpec> specs = new ArrayList<>(selectedSuites(problems, annotatedNames));
        if (!problems.isEmpty()) throw configurationFailure(problems, "; nothing was written to the registry");
        Set<String> wanted = wantedSuites();
        Set<String> configured = specs.stream().map(SuiteSpec::name).collect(Collectors.toSet());
        annotated.stream().filter(s -> wanted.isEmpty() || wanted.contains(s.name()))
                .filter(s -> !configured.contains(s.name())).forEach(specs::add);
        if (specs.isEmpty()) {
            getLog().info("prompt-eval publish: no suites: none is configured in the POM and " + outputDir
                    .resolve(Reports.GATE_JSON) + " lists no @PromptEval suite (evaluate first: mvn verify)");
            return;
        }
        if (overrideReason != null && !overrideReason.isBlank()) {
            getLog().warn("prompt-eval publish: the gate is OVERRIDDEN, reason: " + overrideReason.strip());
        }
        Publisher publisher = new Publisher(openRegistry(), basedir.toPath(), outputDir);
        try {
            List<String> lines = publisher.publish(specs,
                    new Publisher.Options(label, commitMessage, overrideReason, dryRun));
            lines.forEach(line -> getLog().info("prompt-eval publish: " + line));
        } catch (PublishRefusedException e) {
            e.reasons().forEach(reason -> getLog().error(reason));
            throw new MojoFailureException("prompt-eval publish refused " + e.reasons().size() + " time(s), listed"
                    + " above; nothing was written to the registry. Evaluate first (mvn verify), or override with"
                    + " -DpromptEval.overrideReason=\"why\"");
        } catch (PromptEvalException e) {
            e.problems().forEach(getLog()::error);
            throw new MojoExecutionException("prompt-eval publish: " + e.problems().get(0));
        }
    }

    /**
     * The {@code @PromptEval} suites the last evaluation listed in {@code gate.json}: configured in test code, not in
     * the POM, so their prompt and candidate are taken from what was evaluated. None when there is no gate file yet
     * (the publisher then refuses every POM suite for that reason).
     */
    private static List<SuiteSpec> annotationSuites(Path outputDir) {
        Path file = outputDir.resolve(Reports.GATE_JSON);
        if (!Files.isRegularFile(file)) return List.of();
        GateFile gate;
        try {
            gate = GateFile.read(file);
        } catch (ReportException e) {
            return List.of(); // the publisher reads it again and refuses, naming the problem
        }
        return gate.suites().stream().filter(s -> !SuiteReport.POM.equals(s.source()))
                .map(s -> new SuiteSpec(s.name(), s.prompt(), s.candidate().reference(),
                        s.baseline() == null ? null : s.baseline().reference(), List.of(), null, null, 1, List.of(),
                        null, Boolean.FALSE))
                .toList();
    }
}
