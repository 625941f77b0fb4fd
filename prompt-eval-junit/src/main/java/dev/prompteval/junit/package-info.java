/**
 * The JUnit 5 extension: {@link dev.prompteval.junit.PromptEval @PromptEval} turns a CSV dataset into one test
 * invocation per row and ends with a {@code gate} invocation that fails when the candidate prompt regressed.
 *
 * <ul>
 * <li>{@link dev.prompteval.junit.PromptEval}, {@link dev.prompteval.junit.PromptTarget},
 *     {@link dev.prompteval.junit.Baseline}: the annotations;</li>
 * <li>{@link dev.prompteval.junit.PromptRow}, {@link dev.prompteval.junit.PromptOutput},
 *     {@link dev.prompteval.junit.PromptScores}: what a test method receives;</li>
 * <li>{@link dev.prompteval.junit.JUnitSuiteResult}, {@link dev.prompteval.junit.JUnitSuiteResultFile}: the result
 *     each suite leaves under {@code target/prompt-eval/junit/} for {@code prompt-eval:evaluate}.</li>
 * </ul>
 * The extension only translates: resolution, validation, running, scoring and the gate are
 * {@link dev.prompteval.suite.SuiteEvaluator}'s and {@link dev.prompteval.gate.Gate}'s, the same as in the Maven
 * plugin, so a suite gets the same decision wherever it runs.
 */
package dev.prompteval.junit;
