/**
 * The scorer SPI: a {@link dev.prompteval.score.Scorer} judges one output against one assertion and returns a
 * {@link dev.prompteval.score.Score}; a {@link dev.prompteval.score.NamedScorer} adds an assertion type through
 * {@link java.util.ServiceLoader}. The built-in scorers are internal.
 */
package dev.prompteval.score;
