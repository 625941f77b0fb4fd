package dev.prompteval.internal.score.graded;

import dev.prompteval.internal.provider.Providers;
import dev.prompteval.internal.score.Scorers;

/**
 * Registers the model-graded assertion types on a {@link Scorers.Builder}:
 * <ul>
 *   <li>{@code llm-rubric:<rubric>}, {@code llm-rubric(t):<rubric>}, and promptfoo's alias {@code grade:<rubric>};</li>
 *   <li>{@code similar:<reference>}, {@code similar(t):<reference>}.</li>
 * </ul>
 * Both negate as {@code not-llm-rubric} and {@code not-similar} like every scorer.
 */
public final class ModelGradedScorers {

    public static final String LLM_RUBRIC = "llm-rubric";
    public static final String GRADE = "grade";
    public static final String SIMILAR = "similar";

    private ModelGradedScorers() {
    }

    /** Registers the scorers on these graders; keep the graders to read {@link Graders#usage()} after the run. */
    public static Scorers.Builder register(Scorers.Builder builder, Graders graders) {
        RubricScorer rubric = new RubricScorer(graders);
        return builder.register(LLM_RUBRIC, rubric)
                .register(GRADE, rubric)
                .register(SIMILAR, new SimilarScorer(graders));
    }

    /**
     * Registers the scorers on graders created from the configuration, calling the models directly (no cache, no
     * record/replay, usage not readable); use {@link #register(Scorers.Builder, Graders)} for those.
     *
     * @throws IllegalArgumentException for an unknown provider or a bad base URL in the configuration
     */
    public static Scorers.Builder register(Scorers.Builder builder, GraderConfig config, Providers providers) {
        return register(builder, Graders.from(config, providers));
    }
}
