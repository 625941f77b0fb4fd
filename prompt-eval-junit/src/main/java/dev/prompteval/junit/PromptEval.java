package dev.prompteval.junit;

import dev.prompteval.gate.GatePolicy;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Evaluates a prompt version against a CSV dataset as a JUnit 5 test: one invocation per dataset row, then a final
 * invocation named {@code gate} that runs the statistical regression gate against the baseline.
 *
 * <pre>{@code
 * @PromptEval(prompt = "support/ticket-classifier",
 *             candidate = "file:src/main/prompts/ticket-classifier.json",
 *             dataset = "/datasets/ticket-classifier.csv")
 * void classifies(PromptRow row, PromptOutput output, PromptScores scores) {
 *     assertThat(output.json().get("category").asText()).isEqualTo(row.var("expected_category"));
 *     scores.record("short", output.text().length() < 400 ? 1 : 0);
 * }
 * }</pre>
 *
 * <h2>What happens</h2>
 * <ol>
 * <li>Before any model is called, the candidate and baseline are resolved and the dataset is validated against
 *     both (a missing dataset, a variable the prompt needs but the dataset lacks, a bad reference or an unknown
 *     assertion type fail the test template with an {@link org.junit.jupiter.api.extension.ExtensionConfigurationException}
 *     listing every problem).</li>
 * <li>Just before the first row's test body, every model call of the suite (all rows, all samples, candidate and
 *     baseline) runs concurrently, at most {@code promptEval.concurrency} at a time. The test bodies then only read
 *     results.</li>
 * <li>Each row invocation first applies the row's dataset assertions ({@code __expected...}): when they fail, the
 *     invocation fails listing them and the body is not run. Otherwise the body runs with the parameters below and
 *     may add ordinary assertions; when it fails, that row counts as failed (score 0, pass false, the failure
 *     message as reason) in the results the gate sees. The body then judges the baseline's output the same way
 *     (see {@link #bodyOnBaseline()}). A call that failed (provider error, replay miss) fails the invocation as an
 *     error.</li>
 * <li>The {@code gate} invocation compares candidate and baseline (paired by {@code __id}) and fails with the
 *     violated rules, one per line, when the gate blocks, so a regression fails the test class even when every row
 *     passed. Warnings are published as report entries. Your method body is not called for it ({@code @BeforeEach}
 *     and {@code @AfterEach} methods are). It keeps the suite's result under {@code <outputDir>/suites/} and
 *     rewrites {@code gate.json}, {@code report.md}, {@code report.html} and the JUnit XML over every suite of the
 *     build, so {@code publish} can publish a prompt whose gate ran here.</li>
 * </ol>
 *
 * <h2>Parameters of the test method</h2>
 * {@link PromptRow} (the dataset row), {@link PromptOutput} (the candidate's output for it),
 * {@link Baseline @Baseline} {@link PromptOutput} (the baseline's output; only with a baseline) and
 * {@link PromptScores} (to record extra named scores). With {@link #repeat()} K &gt; 1, each row has K invocations,
 * one per sample.
 *
 * <h2>Custom target</h2>
 * When the test class has a {@link PromptTarget @PromptTarget} method, it is called instead of the model.
 *
 * <h2>Settings</h2>
 * Settings that are the build's rather than the suite's are JUnit configuration parameters, which JUnit reads from
 * the launcher, then from JVM system properties, then from {@code junit-platform.properties}. They are the same
 * {@code promptEval.*} properties, with the same meanings and defaults, as the Maven plugin's
 * ({@link dev.prompteval.internal.suite.PromptEvalSettings}, listed in the README's settings table): the registry
 * ({@code file} or {@code promptlayer}), mode, cache, recordings, output folder, concurrency, repeat and grader
 * model. When {@code prompt-eval:evaluate} runs these tests it hands its own settings on unchanged.
 * String attributes may contain {@code ${name}} placeholders, replaced by the configuration parameter (or system
 * property) of that name, e.g. {@code candidate = "${promptEval.candidate}"} or {@code baseUrl = "${llm.url}"}; an
 * unset one is a configuration error.
 *
 * <p>The annotation carries {@code @Tag("prompt-eval")}, so a build can leave these tests out of the unit-test run
 * ({@code <excludedGroups>prompt-eval</excludedGroups>} in Surefire) and run them through
 * {@code prompt-eval:evaluate}. Its invocations run in the same thread, one after another
 * ({@code @Execution(SAME_THREAD)}), so that the gate always comes last.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(PromptEvalExtension.class)
@Tag("prompt-eval")
@Execution(ExecutionMode.SAME_THREAD)
public @interface PromptEval {
    /** The name pattern used unless {@link #name()} is set. */
    String DEFAULT_NAME = "[{id}] {description}";

    /** The tag every {@code @PromptEval} test carries. */
    String TAG = "prompt-eval";

    /** The prompt's registry name, e.g. {@code support/ticket-classifier}. */
    String prompt();

    /**
     * The version under test: {@code file:path} (relative to the project folder), a path ending in {@code .json},
     * {@code version:N}, {@code label:L} or {@code latest}.
     */
    String candidate();

    /** The version it must not be worse than; {@code none} for no baseline (absolute rules only). */
    String baseline() default "label:prod";

    /**
     * The CSV dataset(s). Each entry is looked up first as a class path resource, the way
     * {@link Class#getResource(String)} does from the test class ({@code /datasets/x.csv} from the class path root,
     * {@code x.csv} next to the test class), then as a file relative to the project folder (absolute paths as they
     * are). Prefix {@code classpath:} (a resource named from the class path root) or {@code file:} (a file in the
     * project folder) to look in that one place only. A resource inside a jar is copied to
     * {@code <outputDir>/junit/datasets/<suite>/} first.
     */
    String[] dataset();

    /** Samples per row (K); each sample is its own invocation. 0: {@code promptEval.repeat}, else 1. */
    int repeat() default 0;

    /** Overrides the prompt's {@code metadata.model.provider} ({@code openai}, {@code anthropic}, ...). */
    String provider() default "";

    /** Overrides the prompt's model name. */
    String model() default "";

    /** Overrides the provider's base URL (Ollama, vLLM, a proxy, a local stub). */
    String baseUrl() default "";

    /**
     * The name of the environment variable holding the provider's API key, e.g. {@code OPENROUTER_API_KEY} for
     * {@code openai-compatible} against OpenRouter; replaces the provider's own variables. Never the key itself.
     */
    String apiKeyEnv() default "";

    /** Assertions applied to every row besides its own, written as dataset cells, e.g. {@code is-json}. */
    String[] assertions() default {};

    /**
     * Whether the test body also judges the baseline's output, so that both versions are held to the same checks:
     * after the body ran for the candidate, it is called once more with the baseline's output in place of the
     * candidate's (and a separate {@link PromptScores}). Its failure never fails the invocation; it fails the
     * baseline's row in the comparison and is published as a report entry. Without it, a row that the body
     * rejects for both versions would count against the candidate only. A method with a
     * {@link Baseline @Baseline} parameter compares the two versions, so it is not called again. Turn it off for
     * bodies with side effects that must happen once per invocation.
     */
    boolean bodyOnBaseline() default true;

    /** Allowed drop of score and pass rate against the baseline, on the 0..1 scale. */
    double maxRegression() default 0.02;

    /** Minimum overall pass rate in [0, 1]; negative: not checked. */
    double minPassRate() default -1;

    /** Minimum overall mean score in [0, 1]; negative: not checked. */
    double minScore() default -1;

    /** Two-sided confidence level of the gate's intervals. */
    double confidenceLevel() default 0.95;

    /**
     * What fails the {@code gate} invocation: a shown regression (default; INCONCLUSIVE is reported, not failed), or
     * anything not shown within the margin ({@code REQUIRE_SHOWN_WITHIN_MARGIN}).
     */
    GatePolicy policy() default GatePolicy.BLOCK_SHOWN_REGRESSIONS;

    /** The most samples per row the gate may take to settle an INCONCLUSIVE suite; 0: no staged sampling. */
    int maxRepeat() default 0;

    /**
     * The suite's name in reports, recordings ({@code <suite>.jsonl}) and the result file; letters, digits,
     * {@code .}, {@code _} and {@code -}. Default: the test class's simple name, a dot, the method name.
     */
    String suite() default "";

    /**
     * The display name of each row invocation. Placeholders: {@code {id}}, {@code {description}} (empty without
     * one), {@code {index}} (the invocation's 1-based index), {@code {sample}} and {@code {repeat}}, and
     * {@code {row.<variable>}} for a dataset variable. With K &gt; 1 samples and no {@code {sample}} in the pattern,
     * {@code " (sample {sample} of {repeat})"} is appended.
     */
    String name() default DEFAULT_NAME;
}
