package dev.prompteval.internal.suite;

import dev.prompteval.internal.gate.GateRules;
import dev.prompteval.internal.provider.EvaluationMode;
import dev.prompteval.internal.provider.Providers;
import dev.prompteval.internal.registry.file.FileRegistry;
import dev.prompteval.internal.run.RunOptions;
import dev.prompteval.internal.score.Scorers;
import dev.prompteval.internal.template.PromptTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Everything wrong with a suite is reported at once, before any model is called. */
class SuiteEvaluatorTest {
    private static final String SECRET = "sk-test-secret-never-shown";

    @TempDir
    Path project;
    private Providers providers;
    private FileRegistry registry;

    @BeforeEach
    void project() throws IOException {
        registry = new FileRegistry(project.resolve("prompt-registry"));
        registry.publish("faq", PromptTemplate.parse("{\"prompt_template\": {\"type\": \"chat\", \"messages\": "
                + "[{\"role\": \"user\", \"content\": \"Answer {question}\"}]}, \"metadata\": {\"model\": "
                + "{\"provider\": \"openai\", \"name\": \"gpt-4o-mini\"}}}", "faq"), "first", List.of("prod"), 0);
        Files.writeString(project.resolve("faq.csv"), "__id,question,__expected\nq1,Why?,containz:because\n");
        Files.writeString(project.resolve("candidate.json"), "{\"prompt_template\": {\"type\": \"chat\", "
                + "\"messages\": [{\"role\": \"user\", \"content\": \"Answer {question} for {audience}\"}]}, "
                + "\"metadata\": {\"model\": {\"provider\": \"openai\", \"name\": \"gpt-4o-mini\"}}}");
    }

    @AfterEach
    void close() {
        if (providers != null) providers.close();
    }

    @Test
    void liveRunsWithoutAKeyAndBadDataAreAllReportedTogether() {
        var evaluator = evaluator(EvaluationMode.LIVE, Map.of());

        var error = catchThrowableOfType(SuiteConfigurationException.class, () -> evaluator.prepare(suite()));

        assertThat(error.problems()).anySatisfy(p -> assertThat(p).contains("suite faq: provider openai at "
                + "https://api.openai.com/v1 needs an API key: set OPENAI_API_KEY"));
        assertThat(error.problems()).anySatisfy(p -> assertThat(p).contains("faq.csv:2").contains("containz"));
        assertThat(error.problems()).anySatisfy(p -> assertThat(p).contains("audience"));
    }

    @Test
    void replayNeedsNoKeyAndAKeyIsNeverShown() throws IOException {
        Files.writeString(project.resolve("faq.csv"), "__id,question,audience,__expected\nq1,Why?,kids,"
                + "contains:because\n");

        assertThat(evaluator(EvaluationMode.REPLAY, Map.of()).prepare(suite()).name()).isEqualTo("faq");
        assertThat(evaluator(EvaluationMode.LIVE, Map.of("OPENAI_API_KEY", SECRET)).prepare(suite()).name())
                .isEqualTo("faq");
    }

    @Test
    void aParameterTheProviderCannotTakeIsAConfigurationProblemBeforeAnyCall() throws IOException {
        Files.writeString(project.resolve("faq.csv"), "__id,question,audience,__expected\nq1,Why?,kids,"
                + "contains:because\n");
        Files.writeString(project.resolve("candidate.json"), "{\"prompt_template\": {\"type\": \"chat\", "
                + "\"messages\": [{\"role\": \"user\", \"content\": \"Answer {question} for {audience}\"}]}, "
                + "\"metadata\": {\"model\": {\"provider\": \"anthropic\", \"name\": \"claude-sonnet-4-20250514\", "
                + "\"parameters\": {\"frequency_penalty\": 0.5}}}}");

        var error = catchThrowableOfType(SuiteConfigurationException.class, () -> evaluator(
                EvaluationMode.LIVE, Map.of("OPENAI_API_KEY", SECRET, "ANTHROPIC_API_KEY", SECRET))
                .prepare(suite()));

        assertThat(error.problems()).anySatisfy(p -> assertThat(p).contains("suite faq: candidate prompt faq, "
                + "provider anthropic, model claude-sonnet-4-20250514: parameter frequency_penalty of model "
                + "claude-sonnet-4-20250514 has no equivalent in Anthropic's Messages API"));
        assertThat(error.problems()).noneSatisfy(p -> assertThat(p).contains("baseline prompt"));
    }

    @Test
    void imagesAProviderCannotTakeAndBlocksNoModelIsSentAreConfigurationProblemsBeforeAnyCall() throws IOException {
        Files.writeString(project.resolve("faq.csv"), "__id,question,photo,__expected\nq1,Why?,https://example.com/"
                + "q1.png,contains:because\n");
        // an image_url block by variable (openapi.json ImageContent) and a thinking block (ThinkingContent)
        Files.writeString(project.resolve("candidate.json"), """
                {"prompt_template": {"type": "chat", "messages": [
                   {"role": "user", "content": [{"type": "text", "text": "Answer {question}"},
                     {"type": "image_url", "image_url": {"url": ""}, "image_variable": "photo"}]},
                   {"role": "assistant", "content": [{"type": "thinking", "thinking": "hm"}]}]},
                 "metadata": {"model": {"provider": "gemini", "name": "gemini-2.5-flash"}}}
                """);

        var error = catchThrowableOfType(SuiteConfigurationException.class, () -> evaluator(
                EvaluationMode.LIVE, Map.of("OPENAI_API_KEY", SECRET, "GEMINI_API_KEY", SECRET))
                .prepare(suite()));

        assertThat(error.problems()).anySatisfy(p -> assertThat(p).startsWith("suite faq: candidate prompt faq, "
                + "provider gemini, model gemini-2.5-flash: Gemini's generateContent takes images as inline data or"
                + " uploaded files, not as image URLs"));
        assertThat(error.problems()).anySatisfy(p -> assertThat(p).startsWith("suite faq: candidate prompt faq: prompt ")
                .contains("candidate.json, message 2 (assistant), content block 1: a \"thinking\" block is"
                + " kept by pull and publish but cannot be sent to a model"));
        assertThat(error.problems()).noneSatisfy(p -> assertThat(p).contains("baseline prompt"));
    }

    @Test
    void aSeedAnthropicCannotTakeIsOneNoticeForBothVersionsBeforeAnyCall() throws IOException {
        Files.writeString(project.resolve("faq.csv"), "__id,question,audience,__expected\nq1,Why?,kids,"
                + "contains:because\n");
        var override = new SuiteSpec.ModelOverride("anthropic", "claude-sonnet-4-20250514", Map.of("seed", 7));
        var spec = new SuiteSpec("faq", "faq", "file:candidate.json", "label:prod", List.of(Path.of("faq.csv")),
                override, null, 1, List.of(), GateRules.defaults(), null);

        var prepared = evaluator(EvaluationMode.LIVE, Map.of("ANTHROPIC_API_KEY", SECRET)).prepare(spec);

        assertThat(prepared.notices()).containsExactly("suite faq, prompt faq, provider anthropic, model "
                + "claude-sonnet-4-20250514: parameter seed is not sent: Anthropic's Messages API has no seed, so "
                + "samples are not reproducible");
        assertThat(evaluator(EvaluationMode.LIVE, Map.of("OPENAI_API_KEY", SECRET)).prepare(suite())
                .notices()).isEmpty();
    }

    private SuiteEvaluator evaluator(EvaluationMode mode, Map<String, String> env) {
        if (providers != null) providers.close();
        providers = Providers.builder().env(env::get).build();
        return new SuiteEvaluator(new EvaluationSettings(project, project.resolve("target"), registry, mode,
                project.resolve("recordings"), null, RunOptions.defaults(), providers, Scorers.defaults(), null));
    }

    private static SuiteSpec suite() {
        return new SuiteSpec("faq", "faq", "file:candidate.json", "label:prod", List.of(Path.of("faq.csv")), null,
                null, 1, List.of(), GateRules.defaults(), null);
    }
}
