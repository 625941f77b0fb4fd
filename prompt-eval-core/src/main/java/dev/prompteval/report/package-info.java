/**
 * {@code gate.json} as a Java type, {@link dev.prompteval.report.GateFile}, for tools that read the gate's decisions
 * (its schema is documented in {@code docs/gate-json.md}). Writing the reports is internal.
 */
package dev.prompteval.report;
