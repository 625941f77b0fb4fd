/**
 * One suite end to end, shared by the Maven plugin and the JUnit extension so that a suite gets the same decision
 * wherever it runs: {@link dev.prompteval.internal.suite.SuiteEvaluator} resolves the candidate and baseline references,
 * validates the datasets against both versions before any model call, runs both versions over the same rows and
 * applies the gate; {@link dev.prompteval.internal.suite.Evaluation} does that for a build's suites and keeps and pushes their
 * results; {@link dev.prompteval.internal.suite.Publisher} publishes only what the gate passed.
 */
package dev.prompteval.internal.suite;
