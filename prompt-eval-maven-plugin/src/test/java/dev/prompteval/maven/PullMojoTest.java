package dev.prompteval.maven;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.maven.api.di.Provides;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.project.MavenProject;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pull goal against the file registry of src/test/resources/unit/greeting (version 1, labelled prod). */
@MojoTest
class PullMojoTest {
    private static final String PROJECT = "/unit/greeting";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CapturedLog log = new CapturedLog();

    @TempDir
    Path workingTree;

    @TempDir
    Path target;

    @Provides
    MavenProject project() {
        return TestProject.of(PROJECT, target);
    }

    @Test
    @Basedir(PROJECT)
    @InjectMojo(goal = "pull")
    @MojoParameter(name = "prompt", value = "it/greeting")
    void writesTheProdVersionOverTheWorkingTreeFile(PullMojo mojo) throws Exception {
        Path file = prepare(mojo);
        Files.copy(new File(mojo.basedir, "src/main/prompts/greeting.json").toPath(), file);

        mojo.execute();

        JsonNode written = JSON.readTree(file.toFile());
        JsonNode version1 = JSON.readTree(new File(mojo.registryDirectory, "it/greeting/versions/1.json"));
        assertThat(written.get("prompt_template")).isEqualTo(version1.get("prompt_template"));
        assertThat(written.get("metadata")).isEqualTo(version1.get("metadata"));
        assertThat(log.lines()).containsExactly(
                "INFO prompt-eval pull: wrote it/greeting version 1 (label:prod, labels [prod]) to " + file);
        assertThat(workingTree).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    @Basedir(PROJECT)
    @InjectMojo(goal = "pull")
    @MojoParameter(name = "prompt", value = "it/greeting")
    @MojoParameter(name = "reference", value = "label:canary")
    void anUnknownLabelWritesNothing(PullMojo mojo) {
        assertRefusedWithoutWriting(mojo)
                .hasMessageStartingWith("prompt-eval pull: prompt it/greeting has no label \"canary\"")
                .hasMessageContaining("(labels: prod)");
    }

    @Test
    @Basedir(PROJECT)
    @InjectMojo(goal = "pull")
    @MojoParameter(name = "prompt", value = "it/greeting")
    @MojoParameter(name = "reference", value = "file:src/main/prompts/greeting.json")
    void aFileReferenceIsRefused(PullMojo mojo) {
        assertRefusedWithoutWriting(mojo)
                .hasMessage("promptEval.reference file:src/main/prompts/greeting.json is a file; pull fetches from the"
                        + " registry: use version:N, label:L or latest");
    }

    @Test
    @Basedir(PROJECT)
    @InjectMojo(goal = "pull")
    @MojoParameter(name = "prompt", value = "it/greeting")
    @MojoParameter(name = "reference", value = "3")
    void aBareNumberIsNotAReferenceButTheMessageSaysWhatWasMeant(PullMojo mojo) {
        assertRefusedWithoutWriting(mojo)
                .hasMessageStartingWith("prompt-eval pull: prompt reference \"3\" is invalid")
                .hasMessageContaining("did you mean version:3?");
    }

    /** Runs the goal, which must fail and leave the working tree as it was; the failure is returned to check. */
    private AbstractThrowableAssert<?, ? extends Throwable> assertRefusedWithoutWriting(PullMojo mojo) {
        prepare(mojo);
        var failure = assertThatThrownBy(mojo::execute).isInstanceOf(MojoExecutionException.class);
        assertThat(workingTree).isEmptyDirectory();
        assertThat(log.lines()).isEmpty();
        return failure;
    }

    private Path prepare(PullMojo mojo) {
        mojo.setLog(log);
        Path file = workingTree.resolve("greeting.json");
        mojo.file = file.toFile();
        return file;
    }
}
