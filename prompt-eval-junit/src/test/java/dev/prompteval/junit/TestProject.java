package dev.prompteval.junit;

import dev.prompteval.internal.report.Reports;
import dev.prompteval.internal.suite.PromptEvalSettings.Property;
import dev.prompteval.internal.suite.SuiteResult;
import dev.prompteval.internal.suite.SuiteResultFile;
import dev.prompteval.report.GateFile;
import dev.prompteval.template.RenderedPrompt;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * A project folder for fixtures: a file registry holding prompt {@value #PROMPT} version 1 (labelled prod), a
 * candidate file, and datasets. Each message of a template is one line; the fixtures' echo target answers with the
 * prompt's last line, so a template decides its own "model output".
 */
final class TestProject {
    static final String PROMPT = "qa/answer";
    static final String CANDIDATE = "file:src/main/prompts/answer.json";

    private final Path dir;
    private final Map<String, String> parameters = new LinkedHashMap<>();

    TestProject(Path dir) {
        this.dir = dir;
        baseline("{answer}");
        candidate("{answer}");
        parameter(Property.PROJECT_DIR.key(), dir.toString());
    }

    Path dir() {
        return dir;
    }

    /** Version 1 of the prompt in the registry, labelled prod, whose user message is {@code user}. */
    TestProject baseline(String user) {
        write("prompt-registry/" + PROMPT + "/versions/1.json", blueprint(user));
        write("prompt-registry/" + PROMPT + "/labels.json", "{\"prod\": 1}");
        return this;
    }

    /** The working-tree candidate, {@value #CANDIDATE}, whose user message is {@code user}. */
    TestProject candidate(String user) {
        write("src/main/prompts/answer.json", blueprint(user));
        return this;
    }

    TestProject write(String relative, String content) {
        try {
            Path file = dir.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** A JUnit configuration parameter for the fixture runs. */
    TestProject parameter(String key, String value) {
        parameters.put(key, value);
        return this;
    }

    EngineExecutionResults run(Class<?> fixture) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture))
                .configurationParameters(parameters).execute();
    }

    /** The suite's entry in the gate.json its gate wrote. */
    GateFile.Suite result(String suite) {
        return GateFile.read(outputDir().resolve(Reports.GATE_JSON)).suite(suite).orElseThrow(
                () -> new AssertionError("gate.json lists no suite " + suite));
    }

    /** The runs the suite's gate kept, as the test bodies adjusted them. */
    SuiteResult kept(String suite) {
        return SuiteResultFile.read(resultFile(suite));
    }

    Path resultFile(String suite) {
        return SuiteResultFile.fileFor(outputDir(), suite);
    }

    Path outputDir() {
        return dir.resolve("target/prompt-eval");
    }

    /** The display names of the test invocations that started, in order. */
    static List<String> names(EngineExecutionResults results) {
        return results.testEvents().started().map(e -> e.getTestDescriptor().getDisplayName()).toList();
    }

    /** What each failed test invocation threw, by display name, in order. */
    static Map<String, Throwable> failures(EngineExecutionResults results) {
        var failures = new LinkedHashMap<String, Throwable>();
        results.testEvents().failed().stream().forEach(e -> failures.put(e.getTestDescriptor().getDisplayName(),
                e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow()));
        return failures;
    }

    /** What the test template container (the @PromptEval method) failed with. */
    static Throwable templateFailure(EngineExecutionResults results) {
        return results.containerEvents().failed().stream()
                .map(e -> e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow())
                .findFirst().orElseThrow(() -> new AssertionError("no container failed"));
    }

    /** The fixtures' stand-in for a model: the prompt's last line, so the template decides the output. */
    static String echo(RenderedPrompt prompt) {
        String text = prompt.text();
        return text.substring(text.lastIndexOf('\n') + 1);
    }

    static String blueprint(String user) {
        return """
                {"prompt_template": {"type": "chat", "messages": [
                   {"role": "system", "content": "You answer quiz questions.", "template_format": "f-string"},
                   {"role": "user", "content": "%s", "template_format": "f-string"}]},
                 "metadata": {"model": {"provider": "openai-compatible", "name": "stub-model",
                                        "parameters": {"temperature": 0}}}}
                """.formatted(user);
    }
}
