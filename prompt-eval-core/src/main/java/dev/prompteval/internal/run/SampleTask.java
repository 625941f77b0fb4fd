package dev.prompteval.internal.run;

import dev.prompteval.dataset.Row;
import dev.prompteval.internal.provider.CachingProvider;
import dev.prompteval.internal.retry.FailureClass;
import dev.prompteval.internal.retry.Failures;
import dev.prompteval.internal.retry.RetrySchedule;
import dev.prompteval.internal.score.RowScore;
import dev.prompteval.provider.ModelRequest;
import dev.prompteval.provider.ModelResponse;
import dev.prompteval.provider.ProviderException;
import dev.prompteval.template.ChatMessage;
import dev.prompteval.template.ModelSpec;
import dev.prompteval.template.RenderedPrompt;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Runs one (row, sample): waits for the rate limiter and a slot among the calls in flight, calls the model, retries
 * as the {@link RetrySchedule} says (a rate limit or overload also tells {@link AdaptiveConcurrency} to send fewer
 * calls at once), scores the output. Every failure ends as an error result, counted by cause; only a stop request
 * ends it without one.
 */
final class SampleTask {
    /** Output tokens assumed for the rate limiter when the model parameters set no maximum. */
    private static final long DEFAULT_OUTPUT_ESTIMATE = 256;

    private final ModelCall call;
    private final OutputScorer scorer;
    private final RunOptions options;
    private final CancellationToken stop;
    private final RunProgress progress;
    private final AdaptiveConcurrency inFlight;

    SampleTask(ModelCall call, OutputScorer scorer, RunOptions options, CancellationToken stop, RunProgress progress,
               AdaptiveConcurrency inFlight) {
        this.inFlight = inFlight;
        this.call = call;
        this.scorer = scorer;
        this.options = options;
        this.stop = stop;
        this.progress = progress;
    }

    /** The result, or null when the run was stopped before this sample got one. */
    SampleResult run(Row row, RenderedPrompt prompt, ModelSpec model, int sample) throws InterruptedException {
        var request = new ModelRequest(prompt, model, sample, row);
        long estimate = estimateTokens(prompt, model);
        RateLimiter limiter = options.rateLimiter();
        RetrySchedule retries = options.retry().start(options.clock()::nanoTime);
        while (true) {
            if (!limiter.acquire(estimate, stop)) return null;
            long slot = inFlight.acquire(stop);
            if (slot < 0) return null;
            long started = options.clock().nanoTime();
            ProviderException failure;
            try {
                CachingProvider.Served served = call.complete(request);
                inFlight.succeeded(slot);
                ModelResponse response = served.response();
                long latencyMs = served.cached() ? 0 : millisSince(started);
                if (!served.cached() && response.usage().inputTokens() >= 0) {
                    limiter.settle(estimate, response.usage().totalTokens());
                }
                return scored(row, sample, response, latencyMs, served.cached());
            } catch (ProviderException e) {
                failure = e;
                if (Failures.classOf(e) == FailureClass.OVERLOAD) inFlight.overloaded(slot);
                else inFlight.released(slot);
            } catch (InterruptedException | RuntimeException e) {
                inFlight.released(slot);
                if (e instanceof InterruptedException interrupted) throw interrupted;
                // A provider bug is this row's error, not the run's end.
                progress.failed("provider failed unexpectedly");
                return SampleResult.error(row.id(), sample, "the provider failed unexpectedly: " + oneLine(e),
                        millisSince(started));
            }
            Optional<Duration> wait = retries.next(Failures.signalOf(failure), ThreadLocalRandom.current());
            if (wait.isEmpty()) {
                progress.failed(failure.cause());
                String error = describe(failure, retries);
                return failure.saysNothingAboutThePrompt()
                        ? SampleResult.notEvaluated(row.id(), sample, error, failure.cause(), millisSince(started))
                        : SampleResult.error(row.id(), sample, error, millisSince(started));
            }
            progress.retried();
            options.clock().sleep(wait.get(), stop);
            if (stop.isCancelled()) return null;
        }
    }

    private SampleResult scored(Row row, int sample, ModelResponse response, long latencyMs, boolean cached) {
        RowScore score;
        try {
            score = scorer.score(row, response.text());
        } catch (RuntimeException e) {
            return new SampleResult(row.id(), sample, response.text(), null, "scoring failed: " + oneLine(e),
                    response.usage(), latencyMs, cached);
        }
        return new SampleResult(row.id(), sample, response.text(), score, null, response.usage(), latencyMs, cached);
    }

    private long millisSince(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(options.clock().nanoTime() - startedNanos);
    }

    private static String describe(ProviderException e, RetrySchedule retries) {
        var sb = new StringBuilder(e.kind().name());
        if (e.httpStatus() > 0) sb.append(" (HTTP ").append(e.httpStatus()).append(')');
        if (retries.attempts() > 1) sb.append(" after ").append(retries.attempts()).append(" attempts");
        if (Failures.classOf(e) == FailureClass.OVERLOAD) sb.append(" (").append(retries.givenUpBecause()).append(')');
        return sb.append(": ").append(oneLine(e)).toString();
    }

    private static String oneLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    /**
     * A rough token count for the rate limiter before the call: about four characters a token for the prompt,
     * plus the output limit the parameters set. The real usage corrects it afterwards.
     */
    static long estimateTokens(RenderedPrompt prompt, ModelSpec model) {
        long chars = 0;
        for (ChatMessage message : prompt.messages()) chars += message.content().length();
        long output = DEFAULT_OUTPUT_ESTIMATE;
        for (String key : new String[] {"max_tokens", "max_completion_tokens", "max_output_tokens", "maxOutputTokens"}) {
            if (model.parameters().get(key) instanceof Number n) output = n.longValue();
        }
        return chars / 4 + output;
    }
}
