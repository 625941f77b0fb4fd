package dev.prompteval.internal.score.graded;

import dev.prompteval.dataset.Assertion;
import dev.prompteval.dataset.Row;
import dev.prompteval.internal.score.Reasons;
import dev.prompteval.internal.score.Thresholds;
import dev.prompteval.provider.ModelResponse;
import dev.prompteval.score.Score;
import dev.prompteval.score.Scorer;

/**
 * {@code llm-rubric:<rubric>} (also {@code grade:<rubric>}, as in promptfoo): a grader model judges the output
 * against the rubric and answers with a pass, a score in [0, 1] and a reason. The assertion passes as follows:
 * <ul>
 *   <li>the grader gave a pass: that pass, and with a threshold ({@code llm-rubric(0.7):...}) also score >= 0.7;</li>
 *   <li>the grader gave no pass: score >= the threshold, 0.5 by default;</li>
 *   <li>the grader gave no score: the score is 1 for a pass, 0 for a fail.</li>
 * </ul>
 * An answer that is not a verdict, or a grader call that fails after its retries, is a {@link GraderException}:
 * the row is an error, not a fail.
 */
final class RubricScorer implements Scorer {

    static final double DEFAULT_THRESHOLD = 0.5;
    /** Grader reasons are the useful part of a model-graded result, so they get more room than quoted outputs. */
    private static final int MAX_REASON = 300;

    private final Graders graders;

    RubricScorer(Graders graders) {
        this.graders = graders;
    }

    @Override
    public void validate(Assertion assertion) {
        rubric(assertion);
        if (assertion.threshold() != null) {
            Thresholds.checkRange(assertion.type(), assertion.threshold());
        }
    }

    @Override
    public Score score(String output, Assertion assertion, Row row) {
        validate(assertion);
        ModelResponse answer = graders.judge(RubricPrompt.messages(rubric(assertion), output));
        return decide(read(answer), assertion.threshold());
    }

    private static String rubric(Assertion assertion) {
        if (assertion.value().isBlank()) {
            throw new IllegalArgumentException(assertion.type() + " needs a rubric, e.g. " + assertion.type()
                    + ":Answers politely and names the capital of France");
        }
        return assertion.value();
    }

    private Verdict read(ModelResponse answer) {
        String text = answer.text();
        String cutOff = "length".equals(answer.finishReason()) || "max_tokens".equals(answer.finishReason())
                || "MAX_TOKENS".equals(answer.finishReason())
                ? " (the answer was cut off at the grader's token limit: raise max_tokens in its parameters)" : "";
        if (text.isBlank()) {
            throw new GraderException("grader " + graders.model().name() + " answered nothing (finish reason "
                    + answer.finishReason() + ")" + cutOff, null);
        }
        try {
            return VerdictParser.parse(text);
        } catch (IllegalArgumentException e) {
            throw new GraderException("grader " + graders.model().name() + " did not answer with a verdict: "
                    + e.getMessage() + cutOff + "; its answer begins " + Reasons.quote(text), e);
        }
    }

    private Score decide(Verdict verdict, Double threshold) {
        double score = verdict.score() != null ? verdict.score() : verdict.pass() ? 1.0 : 0.0;
        double limit = threshold != null ? threshold : DEFAULT_THRESHOLD;
        boolean meets = Thresholds.meets(score, limit);
        boolean pass = verdict.pass() == null ? meets : verdict.pass() && (threshold == null || meets);
        String said = verdict.pass() == null ? "no pass or fail" : verdict.pass() ? "pass" : "fail";
        String scored = verdict.score() == null ? "score " + Reasons.number(score) + " (from its pass)"
                : "score " + Reasons.number(score);
        String compared = threshold == null && verdict.pass() != null ? ""
                : (meets ? " >= " : " < ") + "threshold " + Reasons.number(limit)
                        + (threshold == null ? " (default)" : "");
        return new Score(score, pass, "grader " + graders.model().name() + " said " + said + ", " + scored + compared
                + ": " + clip(verdict.reason()));
    }

    private static String clip(String reason) {
        if (reason == null || reason.isBlank()) {
            return "(no reason given)";
        }
        String oneLine = reason.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= MAX_REASON ? oneLine : oneLine.substring(0, MAX_REASON) + "…";
    }
}
