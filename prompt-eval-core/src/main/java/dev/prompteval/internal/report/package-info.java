/**
 * The reports of an evaluation, written by {@link dev.prompteval.internal.report.Reports#writeAll} from one
 * {@link dev.prompteval.internal.report.SuiteReport} (a gate result and the runs' messages) per suite:
 * <ul>
 *   <li>{@code gate.json}, schema {@code prompt-eval/gate/v1} (documented in {@code docs/gate-json.md}), read back
 *       with {@link dev.prompteval.report.GateFile#read};</li>
 *   <li>{@code report.md}, a pull-request comment, also appended to {@code $GITHUB_STEP_SUMMARY} when set;</li>
 *   <li>{@code TEST-prompt-eval-<suite>.xml}, JUnit XML in Surefire's format: a test case per row and per rule;</li>
 *   <li>{@code report.html}, self-contained, with the intervals drawn and the rows' outputs side by side.</li>
 * </ul>
 * Dataset text and model output are escaped for each format: HTML through one escape function and a
 * Content-Security-Policy that admits only the page's own script, Markdown by backslash escapes and code fences,
 * XML by the JDK's XML writer (characters XML 1.0 cannot carry become U+FFFD).
 */
package dev.prompteval.internal.report;
