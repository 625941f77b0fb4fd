package dev.prompteval.score.custom;

import dev.prompteval.dataset.Assertion;
import dev.prompteval.dataset.Row;
import dev.prompteval.score.Score;
import dev.prompteval.score.Scorer;

/** A custom scorer as a user would write one: passes when the output has no lower-case letters. */
public class UppercaseScorer implements Scorer {
    @Override
    public Score score(String output, Assertion assertion, Row row) {
        boolean shouting = output.codePoints().noneMatch(Character::isLowerCase);
        return shouting ? Score.pass("no lower-case letters") : Score.fail("has lower-case letters");
    }
}
