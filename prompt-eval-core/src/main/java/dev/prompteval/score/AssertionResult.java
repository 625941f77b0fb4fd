package dev.prompteval.score;

import dev.prompteval.dataset.Assertion;

/** One assertion and how the output fared against it (negation already applied). */
public record AssertionResult(Assertion assertion, Score score) {
}
