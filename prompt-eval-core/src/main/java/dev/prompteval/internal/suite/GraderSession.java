package dev.prompteval.internal.suite;

import dev.prompteval.internal.provider.CachingEmbeddingProvider;
import dev.prompteval.internal.provider.CachingProvider;
import dev.prompteval.internal.provider.EvaluationMode;
import dev.prompteval.internal.provider.Providers;
import dev.prompteval.internal.provider.RecordingStore;
import dev.prompteval.internal.provider.ResponseCache;
import dev.prompteval.internal.score.Scorers;
import dev.prompteval.internal.score.graded.GraderConfig;
import dev.prompteval.internal.score.graded.GraderUsage;
import dev.prompteval.internal.score.graded.Graders;
import dev.prompteval.internal.score.graded.ModelGradedScorers;

import java.nio.file.Path;

/**
 * The scorers of one build, model-graded ones included: grader and embedding calls are served like the suites' own
 * calls (cache, record, replay), from one recordings file {@code graders.jsonl}, so graded suites replay offline.
 */
public final class GraderSession implements AutoCloseable {
    /** The recordings file name (without {@code .jsonl}) grader calls are kept under. */
    public static final String RECORDINGS = "graders";

    private final RecordingStore recordings;
    private final Graders graders;

    private GraderSession(RecordingStore recordings, Graders graders) {
        this.recordings = recordings;
        this.graders = graders;
    }

    /**
     * @param cacheDir      the local response cache, or null for none
     * @param recordingsDir committed recordings
     */
    public static GraderSession open(GraderConfig config, Providers providers, EvaluationMode mode,
                                     Path cacheDir, Path recordingsDir) {
        RecordingStore recordings = mode == EvaluationMode.LIVE ? null
                : RecordingStore.forSuite(recordingsDir, RECORDINGS);
        ResponseCache cache = cacheDir == null ? null : new ResponseCache(cacheDir);
        Graders graders = Graders.from(config, providers).wrap(
                judge -> new CachingProvider(judge, mode, cache, recordings),
                embeddings -> new CachingEmbeddingProvider(embeddings, mode, cache, recordings));
        return new GraderSession(recordings, graders);
    }

    /** Built-ins, ServiceLoader and {@code java:} scorers of {@code classLoader}, plus llm-rubric and similar. */
    public Scorers scorers(ClassLoader classLoader) {
        return ModelGradedScorers.register(Scorers.builder().classLoader(classLoader), graders).build();
    }

    /** Calls, tokens and cost of the graders so far (live calls only). */
    public GraderUsage usage() {
        return graders.usage();
    }

    /** Writes the grader recordings when recording. */
    @Override
    public void close() {
        if (recordings != null) recordings.close();
    }
}
