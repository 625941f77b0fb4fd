package dev.prompteval.internal.score;

import dev.prompteval.score.Score;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code regex:pattern}: a Java regular expression ({@link Pattern}) that matches somewhere in the output
 * ({@link java.util.regex.Matcher#find()}, like JavaScript's {@code RegExp.test} in promptfoo); anchor it with
 * {@code ^...$} to match the whole output, and use inline flags such as {@code (?i)} or {@code (?s)}.
 */
final class RegexScorer extends BinaryScorer<Pattern> {

    RegexScorer() {
        super("regex");
    }

    @Override
    Pattern parse(String value) {
        try {
            return Pattern.compile(requireValue(value));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("regex " + Reasons.quote(value) + " is not a valid Java regular "
                    + "expression: " + e.getDescription() + " near index " + e.getIndex(), e);
        }
    }

    @Override
    String example() {
        return "^\\d+$";
    }

    @Override
    Score evaluate(String output, Pattern pattern) {
        var matcher = pattern.matcher(output);
        if (matcher.find()) {
            return Score.pass("/" + pattern.pattern() + "/ matched " + Reasons.quote(matcher.group()) + " in "
                    + Reasons.quoteAround(output, matcher.start(), matcher.end()));
        }
        return Score.fail("/" + pattern.pattern() + "/ found no match in " + Reasons.quote(output));
    }
}
