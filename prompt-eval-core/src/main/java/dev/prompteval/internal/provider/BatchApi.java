package dev.prompteval.internal.provider;

import dev.prompteval.provider.ModelProvider;
import dev.prompteval.provider.ModelRequest;
import dev.prompteval.provider.ModelResponse;
import dev.prompteval.provider.ProviderException;

import java.util.List;
import java.util.Map;

/**
 * A provider's batch API: many model calls submitted at once, answered within hours at the batch price. Each line of
 * a batch is the request body the interactive call would send (the same {@link WireFormat}), so a batch answer is
 * the answer to the same {@link RequestKey}. Implementations never retry and never put the API key into what they
 * upload; failures are classified {@link ProviderException}s, as for interactive calls.
 */
public interface BatchApi {

    /** The interactive provider's {@link ModelProvider#endpoint()}: batch answers are cached under its keys. */
    String endpoint();

    /** The API's name for messages, e.g. {@code OpenAI Batch}. */
    String name();

    /** The most lines one batch is given; more requests are split into several batches. */
    default int maxLines() {
        return 10_000;
    }

    /**
     * Submits one batch; every request must be for {@code model}.
     *
     * @return the provider's batch id
     */
    String submit(String model, List<Line> lines) throws ProviderException;

    /** Where a submitted batch stands. */
    Status status(String batchId) throws ProviderException;

    /**
     * The answers of an ended batch, by custom id; lines the provider did not answer are missing.
     *
     * @param requests what each custom id asked, to read its answer as the interactive call would
     */
    Map<String, Result> results(String batchId, Status status, Map<String, ModelRequest> requests)
            throws ProviderException;

    /** One request of a batch, with the id its answer comes back under. */
    record Line(String customId, ModelRequest request) {
    }

    /**
     * @param state    the provider's own word for it ({@code in_progress}, {@code ended}, {@code BATCH_STATE_RUNNING})
     * @param ended    true when no more answers will come (completed, failed, expired or cancelled)
     * @param total    requests in the batch, or -1 when not reported
     * @param finished requests answered or failed so far, or -1 when not reported
     * @param problem  why the batch as a whole failed, expired or was cancelled, or null
     * @param resultsAt where the answers are (a file id, a URL), or null
     * @param errorsAt  where the failed lines are, when the API keeps them apart (OpenAI's error file), or null
     */
    record Status(String state, boolean ended, long total, long finished, String problem, String resultsAt,
                  String errorsAt) {
    }

    /** One line's answer: a response at the batch price, or the provider's reason it failed. */
    record Result(ModelResponse response, String error) {
        public static Result answered(ModelResponse response) {
            return new Result(response, null);
        }

        public static Result failed(String error) {
            return new Result(null, error);
        }
    }
}
