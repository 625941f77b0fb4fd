package dev.prompteval.internal.score;

import dev.prompteval.score.Score;

/**
 * {@code is-json}: the whole output is one JSON value (object, array, string, number, boolean or null), as
 * promptfoo's {@code is-json} ({@code JSON.parse} of the output). Whitespace around it is allowed; anything else is
 * not, so an output wrapped in a Markdown {@code ```json} fence fails: the fence is not JSON, and a prompt that asks
 * for JSON should get bare JSON. Use {@code contains-json} to accept JSON inside other text. JSON Schema values
 * (promptfoo's {@code is-json:<schema>}) are not supported and are rejected rather than ignored.
 */
final class IsJsonScorer extends JsonShapeScorer {

    IsJsonScorer() {
        super("is-json");
    }

    @Override
    Score evaluate(String output) {
        Json.Parsed parsed = Json.parseWhole(output);
        if (parsed.ok()) {
            return Score.pass("output is JSON (" + Json.kind(parsed.node()) + ")");
        }
        String hint = output.contains("```") ? "; a ```json fence is not bare JSON (contains-json accepts it)" : "";
        return Score.fail("expected the output to be JSON: " + parsed.problem() + hint + ", output "
                + Reasons.quote(output));
    }
}
