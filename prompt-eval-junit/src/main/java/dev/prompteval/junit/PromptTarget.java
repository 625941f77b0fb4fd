package dev.prompteval.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method of a {@link PromptEval @PromptEval} test class that produces the output for a rendered prompt,
 * by calling the team's own code, instead of the configured model. It serves every {@code @PromptEval} method of
 * the class, for the candidate and the baseline alike, without response cache or recordings.
 *
 * <pre>{@code
 * @PromptTarget
 * String answer(RenderedPrompt prompt, PromptRow row) throws Exception {
 *     return assistant.reply(prompt.messages(), row.var("customer_tier"));
 * }
 * }</pre>
 *
 * <p>Accepted signatures (any visibility, static or not, any checked exceptions), returning {@code String}:
 * {@code (RenderedPrompt)}, {@code (RenderedPrompt, PromptRow)}, {@code (String)} or {@code (String, PromptRow)},
 * where a {@code String} parameter receives the whole prompt as text ({@link
 * dev.prompteval.template.RenderedPrompt#text()}). A class has at most one such method.
 *
 * <p><b>Threads:</b> the method is called for all rows concurrently (up to {@code promptEval.concurrency} at a
 * time), on one test instance: the class's instance under {@code @TestInstance(PER_CLASS)}, else the instance of
 * the first invocation, after its {@code @BeforeEach} methods ran. It must be thread-safe.
 *
 * <p><b>Failures:</b> throw {@link dev.prompteval.provider.ProviderException} to choose how a failure is classified
 * (e.g. {@code RATE_LIMIT} to be retried); an {@link java.io.IOException} counts as a network error and a
 * {@link java.util.concurrent.TimeoutException} as a timeout (both retried); anything else, and a null result, is an
 * error result for that row, not retried. An errored row fails its invocation and the gate.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PromptTarget {
}
