package dev.prompteval.junit;

import dev.prompteval.gate.GatePolicy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.prompteval.junit.TestProject.CANDIDATE;
import static dev.prompteval.junit.TestProject.PROMPT;
import static dev.prompteval.junit.TestProject.names;
import static dev.prompteval.junit.TestProject.templateFailure;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where {@code dataset} entries are found: a class path resource as the test class sees it, then a file in the
 * project folder; {@code classpath:} and {@code file:} allow only one of the two. The resources used are in
 * {@code src/test/resources}: {@code datasets/root.csv} and {@code dev/prompteval/junit/beside.csv}.
 */
class DatasetLocationTest {
    @TempDir
    Path dir;
    TestProject project;

    @BeforeEach
    void setUp() {
        project = new TestProject(dir)
                .write("datasets/root.csv", "__id,answer,__expected\nfrom-project,Oslo,equals:Oslo\n")
                .write("project.csv", "__id,answer,__expected\nproject-only,Bern,equals:Bern\n");
    }

    static class Resources extends EchoTarget {
        @PromptEval(prompt = PROMPT, candidate = CANDIDATE, dataset = {"/datasets/root.csv", "beside.csv",
                "project.csv"}, policy = GatePolicy.BLOCK_SHOWN_REGRESSIONS)
        void answers(PromptOutput output) {
        }
    }

    @Test
    void theClassPathComesFirstAndBareNamesAreBesideTheTestClass() {
        assertThat(names(project.run(Resources.class)))
                .containsExactly("[from-root]", "[next-to-class]", "[project-only]", "gate");
    }

    static class Prefixed extends EchoTarget {
        @PromptEval(prompt = PROMPT, candidate = CANDIDATE, dataset = {"file:datasets/root.csv",
                "classpath:dev/prompteval/junit/beside.csv"}, policy = GatePolicy.BLOCK_SHOWN_REGRESSIONS)
        void answers(PromptOutput output) {
        }
    }

    @Test
    void aPrefixChoosesWhereToLook() {
        assertThat(names(project.run(Prefixed.class))).containsExactly("[from-project]", "[next-to-class]", "gate");
    }

    static class ResourceOnly extends EchoTarget {
        @PromptEval(prompt = PROMPT, candidate = CANDIDATE, dataset = "classpath:project.csv")
        void answers(PromptOutput output) {
        }
    }

    @Test
    void aClassPathOnlyEntryDoesNotFallBackToTheProject() {
        assertThat(templateFailure(project.run(ResourceOnly.class))).hasMessageEndingWith("dataset \"classpath:"
                + "project.csv\" was not found: no class path resource project.csv (as seen from "
                + ResourceOnly.class.getName() + "); put it under src/test/resources and name it from the class path "
                + "root (/datasets/x.csv), or give a path relative to the project folder " + dir);
    }
}
