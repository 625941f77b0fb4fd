package dev.prompteval.internal.score;

import dev.prompteval.score.Score;

/** A JSON scorer that checks only the shape of the output and takes no value (promptfoo's schema is rejected). */
abstract class JsonShapeScorer extends BinaryScorer<Void> {

    JsonShapeScorer(String type) {
        super(type);
    }

    @Override
    final Void parse(String value) {
        if (!value.isBlank()) {
            throw new IllegalArgumentException(type() + " takes no value (JSON Schema validation is not supported), "
                    + "got " + Reasons.quote(value) + "; write just " + type() + ", or use json-path:$.field=value "
                    + "to check fields");
        }
        return null;
    }

    @Override
    final Score evaluate(String output, Void none) {
        return evaluate(output);
    }

    abstract Score evaluate(String output);
}
