package dev.prompteval.score.custom;

import dev.prompteval.score.NamedScorer;
import dev.prompteval.score.Scorer;

/** Classes that cannot serve as scorers, each for one reason the registry must explain. */
public final class BrokenScorers {

    private BrokenScorers() {
    }

    public static class NotAScorer {
    }

    public static class NeedsArgument extends UppercaseScorer {
        public NeedsArgument(String config) {
        }
    }

    public abstract static class AbstractScorer implements Scorer {
    }

    static class Hidden extends UppercaseScorer {
        public Hidden() {
        }
    }

    public static class FailingConstructor extends UppercaseScorer {
        public FailingConstructor() {
            throw new IllegalStateException("no rubric configured");
        }
    }

    /** A service scorer that claims a built-in name. */
    public static class ClashingContains extends UppercaseScorer implements NamedScorer {
        @Override
        public String type() {
            return "contains";
        }
    }

    /** A second service scorer claiming {@code max-words}. */
    public static class AnotherMaxWords extends MaxWordsScorer {
    }

    /** A service scorer with an unusable type name. */
    public static class BadName extends UppercaseScorer implements NamedScorer {
        @Override
        public String type() {
            return "Word Count";
        }
    }
}
