/**
 * The JUnit 5 extension: {@link dev.prompteval.junit.PromptEval @PromptEval} turns a CSV dataset into one test
 * invocation per row and ends with a {@code gate} invocation that fails when the candidate prompt regressed.
 *
 * <ul>
 * <li>{@link dev.prompteval.junit.PromptEval}, {@link dev.prompteval.junit.PromptTarget},
 *     {@link dev.prompteval.junit.Baseline}: the annotations;</li>
 * <li>{@link dev.prompteval.junit.PromptRow}, {@link dev.prompteval.junit.PromptOutput},
 *     {@link dev.prompteval.junit.PromptScores}: what a test method receives;</li>
 * </ul>
 * Each suite's gate keeps its runs as a {@link dev.prompteval.internal.suite.SuiteResult} under the output folder and rewrites
 * the build's reports ({@code gate.json}, {@code report.md}, {@code report.html}, JUnit XML) over every suite kept
 * there, so {@code @PromptEval} suites are listed beside the POM's and {@code publish} can publish them.
 * The extension only translates: resolution, validation, running, scoring and the gate are
 * {@link dev.prompteval.internal.suite.SuiteEvaluator}'s and {@link dev.prompteval.internal.gate.Gate}'s, the same as in the Maven
 * plugin, so a suite gets the same decision wherever it runs.
 */
package dev.prompteval.junit;
