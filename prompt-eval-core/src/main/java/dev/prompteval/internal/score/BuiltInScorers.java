package dev.prompteval.internal.score;

import dev.prompteval.score.Scorer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The deterministic scorers that ship with prompt-eval, by assertion type. */
final class BuiltInScorers {

    private BuiltInScorers() {
    }

    static Map<String, Scorer> all() {
        List<BuiltInScorer<?>> scorers = Stream.<BuiltInScorer<?>>concat(Stream.of(
                new EqualsScorer(),
                new ContainsScorer("contains", false),
                new ContainsScorer("icontains", true),
                new ListContainsScorer("contains-any", false, false),
                new ListContainsScorer("contains-all", true, false),
                new ListContainsScorer("icontains-any", false, true),
                new ListContainsScorer("icontains-all", true, true),
                new StartsWithScorer(),
                new RegexScorer(),
                new IsJsonScorer(),
                new ContainsJsonScorer(),
                new JsonPathScorer(),
                new LevenshteinScorer(),
                new RougeLScorer()),
                Stream.of(NumberScorer.Comparison.values()).map(NumberScorer::new)).toList();
        Map<String, Scorer> byType = new LinkedHashMap<>();
        scorers.forEach(scorer -> byType.put(scorer.type(), scorer));
        return byType;
    }
}
