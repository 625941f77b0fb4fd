package dev.prompteval.internal.batch;

import dev.prompteval.internal.gate.GateRules;
import dev.prompteval.internal.provider.EvaluationMode;
import dev.prompteval.internal.provider.Providers;
import dev.prompteval.internal.registry.file.FileRegistry;
import dev.prompteval.internal.run.RunOptions;
import dev.prompteval.internal.score.Scorers;
import dev.prompteval.internal.suite.EvaluationSettings;
import dev.prompteval.internal.suite.PromptEvalSettings;
import dev.prompteval.internal.suite.SuiteConfigurationException;
import dev.prompteval.internal.suite.SuiteEvaluator;
import dev.prompteval.internal.suite.SuiteSpec;
import dev.prompteval.internal.template.PromptTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Batch mode's settings, and what a suite in batch mode must be. */
class BatchSettingsTest {
    @TempDir
    Path project;

    @Test
    void theSettingsReadTheirPropertiesAndNameABadValue() {
        Map<String, String> properties = Map.of("promptEval.batch", "true", "promptEval.batchWaitMinutes", "0",
                "promptEval.batchPollSeconds", "15");
        PromptEvalSettings settings = PromptEvalSettings.read(properties::get, project);
        assertThat(settings.batch()).isEqualTo(new BatchSettings(true, Duration.ZERO, Duration.ofSeconds(15)));
        assertThat(PromptEvalSettings.read(settings.toProperties()::get, project)).isEqualTo(settings);
        assertThat(PromptEvalSettings.read(Map.<String, String>of()::get, project).batch())
                .isEqualTo(new BatchSettings(false, Duration.ofHours(24), Duration.ofSeconds(60)));

        var problems = new ArrayList<String>();
        PromptEvalSettings.read(Map.of("promptEval.batch", "yes", "promptEval.batchWaitMinutes", "-1",
                "promptEval.batchPollSeconds", "0")::get, project, problems);
        assertThat(problems).containsExactly("promptEval.batch is true or false, was 'yes'",
                "promptEval.batchWaitMinutes must be a whole number of at least 0, was '-1'",
                "promptEval.batchPollSeconds must be a whole number of at least 1, was '0'");
    }

    @Test
    void aSuiteSettingWinsOverTheBuilds() {
        assertThat(new BatchSettings(true, Duration.ZERO, Duration.ofSeconds(1)).appliesTo(false)).isFalse();
        assertThat(BatchSettings.OFF.appliesTo(true)).isTrue();
        assertThat(BatchSettings.OFF.appliesTo(null)).isFalse();
    }

    @Test
    void aSuiteInBatchModeOnAProviderWithoutABatchApiIsAProblemBeforeAnyCall() throws IOException {
        var registry = new FileRegistry(project.resolve("prompt-registry"));
        registry.publish("faq", PromptTemplate.parse("{\"prompt_template\": {\"type\": \"chat\", \"messages\": "
                + "[{\"role\": \"user\", \"content\": \"Answer {question}\"}]}, \"metadata\": {\"model\": "
                + "{\"provider\": \"azure\", \"name\": \"my-deployment\"}}}", "faq"), "first", List.of("prod"), 0);
        Files.writeString(project.resolve("faq.csv"), "__id,question\nq1,Why?\n");
        try (Providers providers = Providers.builder().env(Map.of("AZURE_OPENAI_API_KEY", "k",
                "AZURE_OPENAI_ENDPOINT", "https://r.openai.azure.com")::get).build()) {
            var evaluator = new SuiteEvaluator(new EvaluationSettings(project, project.resolve("target"), registry,
                    EvaluationMode.LIVE, project.resolve("recordings"), null, RunOptions.defaults(), providers,
                    Scorers.defaults(), null, BatchSettings.OFF));
            SuiteSpec batched = new SuiteSpec("faq", "faq", "label:prod", "none", List.of(Path.of("faq.csv")), null,
                    null, 1, List.of(), GateRules.defaults(), null, true, null);

            var error = catchThrowableOfType(SuiteConfigurationException.class, () -> evaluator.prepare(batched));

            assertThat(error.problems()).singleElement().asString().startsWith("suite faq: batch mode: provider "
                    + "'azure' has no batch API that prompt-eval speaks").contains("<batch>false</batch>");
            SuiteSpec interactive = new SuiteSpec("faq", "faq", "label:prod", "none", List.of(Path.of("faq.csv")),
                    null, null, 1, List.of(), GateRules.defaults(), null, null, null);
            assertThat(evaluator.prepare(interactive).name()).isEqualTo("faq");
        }
    }
}
