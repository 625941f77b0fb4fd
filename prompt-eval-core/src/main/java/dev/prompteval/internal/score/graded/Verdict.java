package dev.prompteval.internal.score.graded;

/**
 * What a grader model answered, read by {@link VerdictParser}; at least one of {@code pass} and {@code score} is
 * set.
 *
 * @param pass   the grader's pass or fail, or null when it gave none
 * @param score  the score on the 0..1 scale, or null when it gave none
 * @param reason the grader's explanation, or null
 */
record Verdict(Boolean pass, Double score, String reason) {
}
