/**
 * Model-graded scorers: {@code llm-rubric} (a grader model judges the output against a rubric) and {@code similar}
 * (cosine similarity of embeddings from an OpenAI-compatible {@code /embeddings} endpoint).
 *
 * <h2>Wiring</h2>
 * A {@link dev.prompteval.internal.score.graded.GraderConfig} names the grader model and the embedding model (default OpenAI
 * {@code gpt-4o-mini} at temperature 0 and {@code text-embedding-3-small}), configured apart from the suite's model.
 * {@link dev.prompteval.internal.score.graded.Graders#from} creates their providers; wrap them in a
 * {@link dev.prompteval.internal.provider.CachingProvider} and a {@link dev.prompteval.internal.provider.CachingEmbeddingProvider} to
 * cache grader calls and record/replay them with the suite; then
 * {@link dev.prompteval.internal.score.graded.ModelGradedScorers#register} adds the types to a
 * {@link dev.prompteval.internal.score.Scorers.Builder}. {@link dev.prompteval.internal.score.graded.Graders#usage()} counts grader
 * requests and what the live ones cost.
 *
 * <h2>llm-rubric</h2>
 * The grader gets a system message with the task and the answer format, {@code {"reason", "score", "pass"}}, and a
 * user message with the rubric and the output in {@code <rubric>} and {@code <output>} tags. Its answer is read
 * leniently (prose or a code fence around the JSON, string booleans, other score scales, keys in any case; see
 * {@code VerdictParser} and {@code ScoreScale}); an answer that is still not a verdict is an error on the row, never a
 * fail. The grader's pass decides, a threshold {@code llm-rubric(0.7):...} also requires score >= 0.7, and without a
 * pass in the answer the score must reach the threshold (default 0.5).
 *
 * <h2>similar</h2>
 * Output and reference are embedded in one {@code POST {base}/embeddings} request; references seen recently are
 * remembered, so a reference shared by samples and rows is embedded once. Score = max(0, cosine); pass when it
 * reaches the threshold (default 0.75).
 *
 * <h2>Failures</h2>
 * Grader and embedding calls are retried by the same rules as model calls ({@link dev.prompteval.internal.retry.RetryPolicy}):
 * rate limits and overloads for up to 10 minutes, waiting what the provider asked for; server errors, timeouts and
 * network failures up to {@link dev.prompteval.internal.score.graded.GraderConfig#maxAttempts()} attempts, with backoff
 * from 0.5 s doubling to 8 s; quota, key and request errors never. What still fails is a
 * {@link dev.prompteval.internal.score.graded.GraderException}, which the row scorer reports as an error naming the row.
 */
package dev.prompteval.internal.score.graded;
