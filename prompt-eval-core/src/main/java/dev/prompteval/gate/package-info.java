/**
 * The vocabulary of the gate's decisions that {@code gate.json} uses: {@link dev.prompteval.gate.Decision},
 * {@link dev.prompteval.gate.Outcome} and {@link dev.prompteval.gate.GatePolicy}. The rules are internal.
 */
package dev.prompteval.gate;
