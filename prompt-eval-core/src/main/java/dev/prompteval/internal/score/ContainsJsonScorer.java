package dev.prompteval.internal.score;

import dev.prompteval.score.Score;

/**
 * {@code contains-json}: a JSON object or array occurs somewhere in the output, e.g. inside prose or a
 * {@code ```json} fence. Unlike promptfoo, which looks for objects only, arrays count too; note that a bracketed
 * reference such as {@code [1]} is a valid JSON array. JSON Schema values are not supported and are rejected.
 */
final class ContainsJsonScorer extends JsonShapeScorer {

    ContainsJsonScorer() {
        super("contains-json");
    }

    @Override
    Score evaluate(String output) {
        return Json.findEmbedded(output)
                .map(found -> Score.pass("found " + Json.kind(found.node()) + " at char " + found.start() + ": "
                        + Reasons.clip(found.node().toString())))
                .orElseGet(() -> Score.fail("expected a JSON object or array in the output, found none in "
                        + Reasons.quote(output)));
    }
}
