package dev.prompteval.maven;

import dev.prompteval.internal.PromptEvalException;
import dev.prompteval.internal.shard.ShardMerge;
import dev.prompteval.internal.shard.ShardMergeException;
import dev.prompteval.internal.suite.EvaluationSession;
import dev.prompteval.internal.suite.PromptEvalSettings;
import dev.prompteval.internal.suite.SuiteConfigurationException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.time.Clock;
import java.util.ArrayList;

/**
 * Merges the shard files of a sharded evaluation ({@code -DpromptEval.shard=I/N} jobs) and decides once, as one
 * unsharded {@code evaluate} of the same answers would: the same reports, {@code gate.json}, {@code results/} and
 * registry pushes, and the same build failure when a gate blocks, so {@code publish} works after it. Refuses, writing
 * nothing, when a shard is missing, present twice, or evaluated other prompt content, datasets, rules or settings.
 * The goal only translates its parameters; core's {@code dev.prompteval.internal.shard.ShardMerge} does the work.
 */
@Mojo(name = "merge", threadSafe = true)
public class MergeMojo extends AbstractPromptEvalMojo {

    /** The folder holding the shard jobs' files, at any depth (where CI downloads their artifacts). */
    @Parameter(property = "promptEval.shardsDirectory", defaultValue = "${project.build.directory}/prompt-eval/shards")
    File shardsDirectory;

    /** Fail the build when a gate blocks; false logs the violations and goes on. */
    @Parameter(property = "promptEval.haltOnFailure", defaultValue = "true")
    boolean haltOnFailure;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        var problems = new ArrayList<String>();
        PromptEvalSettings settings = settings(problems);
        if (!problems.isEmpty()) throw configurationFailure(problems, "; nothing was merged");
        ShardMerge.Decided decided;
        try (EvaluationSession session = EvaluationSession.open(settings, getClass().getClassLoader(),
                System::getenv)) {
            ShardMerge.Merged merged = ShardMerge.read(shardsDirectory.toPath());
            getLog().info("prompt-eval merge: " + merged.files().size() + " shard files of " + merged.total()
                    + " from " + shardsDirectory + ", " + merged.results().size() + " suite(s)");
            decided = ShardMerge.decide(session.evaluation(Clock.systemUTC()), settings.outputDir(), merged);
        } catch (ShardMergeException e) {
            e.problems().forEach(getLog()::error);
            throw new MojoFailureException("prompt-eval merge refused the shard files under " + shardsDirectory
                    + ": " + e.problems().size() + " problem(s), listed above; nothing was written");
        } catch (SuiteConfigurationException e) {
            throw configurationFailure(e.problems(), "; nothing was merged");
        } catch (PromptEvalException e) {
            e.problems().forEach(getLog()::error);
            throw new MojoExecutionException("prompt-eval merge stopped: " + e.problems().get(0));
        }
        decided.reports().forEach(report -> EvaluateMojo.logDecision(report, getLog()));
        decided.pushed().forEach(getLog()::info);
        decided.pushFailures().forEach(getLog()::warn);
        EvaluateMojo.failIfBlocked(decided.reports(), settings.outputDir(), haltOnFailure, getLog());
    }
}
