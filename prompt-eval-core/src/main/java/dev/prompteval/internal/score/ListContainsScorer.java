package dev.prompteval.internal.score;

import dev.prompteval.score.Score;

import java.util.List;

/**
 * {@code contains-any}, {@code contains-all} and their case-insensitive {@code icontains-} forms: some / every
 * item of a comma-separated list ({@link ListValue}) occurs in the output.
 */
final class ListContainsScorer extends BinaryScorer<List<String>> {

    private final boolean all;
    private final boolean ignoreCase;

    ListContainsScorer(String type, boolean all, boolean ignoreCase) {
        super(type);
        this.all = all;
        this.ignoreCase = ignoreCase;
    }

    @Override
    List<String> parse(String value) {
        return ListValue.parse(type(), requireValue(value));
    }

    @Override
    String example() {
        return "red,green";
    }

    @Override
    Score evaluate(String output, List<String> items) {
        List<String> found = items.stream()
                .filter(item -> TextMatch.indexOf(output, item, ignoreCase) >= 0).toList();
        String expected = (all ? "all of " : "any of ") + ListValue.display(items) + TextMatch.caseNote(ignoreCase);
        String seen;
        if (found.isEmpty()) {
            seen = "none found";
        } else if (found.size() == items.size()) {
            seen = "all found";
        } else if (all) {
            seen = "missing " + ListValue.display(items.stream().filter(item -> !found.contains(item)).toList());
        } else {
            seen = "found " + ListValue.display(found);
        }
        boolean pass = all ? found.size() == items.size() : !found.isEmpty();
        return verdict(pass, "expected " + expected + ": " + seen + " in " + Reasons.quote(output));
    }
}
