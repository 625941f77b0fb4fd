package dev.prompteval.junit;

import dev.prompteval.internal.suite.PromptEvalSettings.Property;
import dev.prompteval.template.RenderedPrompt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import java.nio.file.Path;

import static dev.prompteval.junit.TestProject.CANDIDATE;
import static dev.prompteval.junit.TestProject.PROMPT;
import static dev.prompteval.junit.TestProject.names;
import static dev.prompteval.junit.TestProject.templateFailure;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A suite that cannot run as configured fails its test template with an {@link ExtensionConfigurationException}
 * naming every problem, before any model is called and before any invocation.
 */
class ConfigurationErrorsTest {
    @TempDir
    Path dir;
    TestProject project;

    @BeforeEach
    void setUp() {
        project = new TestProject(dir).write("datasets/capitals.csv", """
                __id,question,answer,__expected
                r1,Capital of France?,Paris,contains:Paris
                """);
    }

    private String problemsOf(Class<?> fixture) {
        EngineExecutionResults results = project.run(fixture);
        assertThat(names(results)).as("no invocation runs").isEmpty();
        Throwable failure = templateFailure(results);
        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class);
        return failure.getMessage();
    }

    static class MissingDataset extends NoModelTarget {
        @PromptEval(prompt = PROMPT, candidate = CANDIDATE, dataset = "/datasets/missing.csv")
        void answers(PromptOutput output) {
        }
    }

    @Test
    void aMissingDatasetSaysWhereItWasLookedFor() {
        assertThat(problemsOf(MissingDataset.class)).isEqualTo("@PromptEval MissingDataset.answers cannot run: "
                + "dataset \"/datasets/missing.csv\" was not found: no class path resource /datasets/missing.csv (as "
                + "seen from " + MissingDataset.class.getName() + ") and no file /datasets/missing.csv; put it under "
                + "src/test/resources and name it from the class path root (/datasets/x.csv), or give a path relative "
                + "to the project folder " + dir.toAbsolutePath().normalize());
    }

    static class UnknownVariable extends NoModelTarget {
        @PromptEval(prompt = PROMPT, candidate = CANDIDATE, dataset = "datasets/capitals.csv")
        void answers(PromptOutput output) {
        }
    }

    @Test
    void aVariableThePromptNeedsButTheDatasetLacksIsNamed() {
        project.candidate("{question} Answer in {language}.");

        assertThat(problemsOf(UnknownVariable.class)).startsWith("@PromptEval UnknownVariable.answers cannot run: "
                + "datasets/capitals.csv:2: prompt ").contains("answer.json needs variable \"language\", but the "
                + "dataset has no \"language\" column");
    }

    @Test
    void everyProblemIsListedAtOnce() {
        project.candidate("{question} in {language}").baseline("{question} in {dialect}")
                .write("datasets/capitals.csv", """
                        __id,question,__expected
                        r1,Capital of France?,containz:Paris
                        """);

        String message = problemsOf(UnknownVariable.class);

        assertThat(message).startsWith("@PromptEval UnknownVariable.answers cannot run: 3 problems:\n  - ")
                .contains("needs variable \"language\"", "prompt " + PROMPT + " version 1 needs variable \"dialect\"",
                        "datasets/capitals.csv:2:3: unknown assertion type \"containz\" in column __expected");
    }

    @Test
    void anEmptyDatasetIsAProblem() {
        project.write("datasets/capitals.csv", "__id,question,answer\n");

        assertThat(problemsOf(UnknownVariable.class)).contains("datasets/capitals.csv:1: the dataset has a header but "
                + "no rows");
    }

    static class BadReferences extends NoModelTarget {
        @PromptEval(prompt = PROMPT, candidate = "prod", baseline = "label:${no.such.parameter}",
                dataset = "datasets/capitals.csv", name = "{id} {nope}", maxRegression = 1.5)
        void answers(PromptOutput output) {
        }
    }

    @Test
    void badReferencesPlaceholdersNamesAndLimitsAreProblems() {
        String message = problemsOf(BadReferences.class);

        assertThat(message).startsWith("@PromptEval BadReferences.answers cannot run: 3 problems:\n  - ")
                .contains("baseline = \"label:${no.such.parameter}\" uses ${no.such.parameter}, which is not set; "
                        + "pass it as -Dno.such.parameter=... (a system property) or a JUnit configuration parameter")
                .contains("gate rule maxRegression must be at least 0 and below 1")
                .contains("name = \"{id} {nope}\" has the unknown placeholder {nope}");
    }

    static class UnknownNameVariable extends NoModelTarget {
        @PromptEval(prompt = PROMPT, candidate = CANDIDATE, dataset = "datasets/capitals.csv", name = "{row.city}")
        void answers(PromptOutput output) {
        }
    }

    @Test
    void aNamePatternVariableTheRowsLackIsAProblem() {
        assertThat(problemsOf(UnknownNameVariable.class)).isEqualTo("@PromptEval name = \"{row.city}\" uses "
                + "{row.city}, but row [r1] has no variable 'city'; its variables are [question, answer]");
    }

    @Test
    void aReferenceInTheWrongFormIsExplained() {
        String message = problemsOf(BadCandidate.class);

        assertThat(message).isEqualTo("@PromptEval BadCandidate.answers cannot run: suite BadCandidate.answers, "
                + "candidate prod: prompt reference \"prod\" is invalid: it is not a known form; did you mean "
                + "label:prod?. Use version:N, label:L, latest, or file:path (a path ending in .json also works)");
    }

    static class BadCandidate extends NoModelTarget {
        @PromptEval(prompt = PROMPT, candidate = "prod", dataset = "datasets/capitals.csv")
        void answers(PromptOutput output) {
        }
    }

    static class BadTarget {
        @PromptTarget
        int answer(RenderedPrompt prompt, String extra) {
            return 0;
        }

        @PromptEval(prompt = PROMPT, candidate = CANDIDATE, dataset = "datasets/capitals.csv")
        void answers(PromptOutput output) {
        }
    }

    @Test
    void aTargetWithAnUnusableSignatureIsAProblem() {
        assertThat(problemsOf(BadTarget.class)).endsWith("@PromptTarget BadTarget.answer(RenderedPrompt, String) must "
                + "return String and take (RenderedPrompt), (RenderedPrompt, PromptRow), (String) or (String, "
                + "PromptRow)");
    }

    static class UnknownProvider {
        @PromptEval(prompt = PROMPT, candidate = CANDIDATE, dataset = "datasets/capitals.csv",
                provider = "openia")
        void answers(PromptOutput output) {
        }
    }

    @Test
    void anUnknownProviderIsAProblemNotAnErrorOnEveryRow() {
        assertThat(problemsOf(UnknownProvider.class)).contains("suite UnknownProvider.answers: unknown provider "
                + "'openia'; use openai, openai-compatible, anthropic");
    }

    static class UnsetKeyVariable {
        @PromptEval(prompt = PROMPT, candidate = CANDIDATE, dataset = "datasets/capitals.csv",
                provider = "openai-compatible", baseUrl = "http://127.0.0.1:9/v1",
                apiKeyEnv = "PROMPT_EVAL_TEST_UNSET_GATEWAY_KEY")
        void answers(PromptOutput output) {
        }
    }

    @Test
    void aKeyVariableThatIsNotSetIsAProblemNamingIt() {
        assertThat(problemsOf(UnsetKeyVariable.class)).contains("suite UnsetKeyVariable.answers: provider "
                + "openai-compatible at http://127.0.0.1:9/v1 needs an API key: set the environment variable "
                + "PROMPT_EVAL_TEST_UNSET_GATEWAY_KEY (named by the suite's <apiKeyEnv>)");
    }

    @Test
    void aBadBuildSettingIsAProblem() {
        project.parameter(Property.MODE.key(), "replay-all").parameter(Property.CONCURRENCY.key(), "0");

        assertThat(problemsOf(UnknownVariable.class)).contains("unknown promptEval.mode 'replay-all'; use live, "
                + "record or replay").contains("promptEval.concurrency must be a whole number of at least 1, was '0'");
    }
}
