package dev.prompteval.internal.batch;

import dev.prompteval.internal.PromptEvalException;
import dev.prompteval.internal.provider.BatchApi;
import dev.prompteval.internal.provider.RequestKey;
import dev.prompteval.internal.retry.Failures;
import dev.prompteval.internal.retry.RetryPolicy;
import dev.prompteval.internal.retry.RetrySchedule;
import dev.prompteval.internal.run.CancellationToken;
import dev.prompteval.internal.run.RunClock;
import dev.prompteval.provider.ModelProvider;
import dev.prompteval.provider.ModelRequest;
import dev.prompteval.provider.ModelResponse;
import dev.prompteval.provider.ProviderException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One suite's batch work: the requests its runs would call the model for are asked here, submitted as batches
 * (one per API and model, none for a request a batch in the {@link BatchLedger} already asks), polled until they end
 * or the wait limit passes, and collected into {@link Answers} the runner is then served from.
 * <p>
 * A line's custom id is {@code <c|b><sample>-<first 40 hex digits of SHA-256 of the row id>}: the same (version, row,
 * sample) always gets the same id, within the 64 characters of {@code [A-Za-z0-9_-]} Anthropic allows. Identical
 * requests (same request key, e.g. an unchanged prompt in both versions) are asked once.
 * <p>
 * Failed polls and downloads are retried as the {@link RetryPolicy} says; a submit is never repeated by itself,
 * because a lost answer to a submit that was applied would pay twice.
 */
public final class BatchRun {
    private final String suite;
    private final BatchSettings settings;
    private final BatchLedger ledger;
    private final RunClock clock;
    private final RetryPolicy retry;
    private final Consumer<String> log;
    /** What to ask, by endpoint and request key. */
    private final Map<String, Ask> asks = new LinkedHashMap<>();
    private final Map<String, BatchApi> apis = new LinkedHashMap<>();

    private record Ask(BatchApi api, String customId, String keyHash, ModelRequest request) {
    }

    /**
     * @param log where progress lines go (submitted, polled, collected)
     */
    public BatchRun(String suite, BatchSettings settings, BatchLedger ledger, RunClock clock, RetryPolicy retry,
                    Consumer<String> log) {
        this.suite = suite;
        this.settings = settings;
        this.ledger = ledger;
        this.clock = clock;
        this.retry = retry;
        this.log = log;
    }

    /** The custom id of a (version, row, sample). */
    public static String customId(char version, String rowId, int sample) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(rowId.getBytes(StandardCharsets.UTF_8));
            return version + Integer.toString(sample) + "-" + HexFormat.of().formatHex(digest).substring(0, 40);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * Adds a request a run would call the model for.
     *
     * @param version {@code c} for the candidate, {@code b} for the baseline
     */
    public void ask(BatchApi api, char version, String rowId, ModelRequest request) {
        String key = RequestKey.of(api.endpoint(), request).hash();
        apis.putIfAbsent(api.endpoint(), api);
        asks.putIfAbsent(api.endpoint() + " " + key, new Ask(api, customId(version, rowId, request.sample()), key,
                request));
    }

    /** How many distinct requests were asked. */
    public int size() {
        return asks.size();
    }

    /**
     * Submits, as one batch per API and model (split at the API's line limit), every asked request that no batch in
     * the ledger asks already; each batch goes into the ledger as soon as it is accepted.
     *
     * @return the batches submitted now
     * @throws PromptEvalException when a batch cannot be submitted (nothing of it is recorded; a run again
     *                             submits it)
     */
    public List<BatchLedger.Entry> submit() {
        Map<String, List<Ask>> groups = new LinkedHashMap<>();
        for (Ask ask : asks.values()) {
            if (ledger.covering(ask.api.endpoint(), ask.keyHash).isPresent()) continue;
            groups.computeIfAbsent(ask.api.endpoint() + "\n" + ask.request.model().name(), k -> new ArrayList<>())
                    .add(ask);
        }
        List<BatchLedger.Entry> submitted = new ArrayList<>();
        for (List<Ask> group : groups.values()) {
            BatchApi api = group.get(0).api;
            String model = group.get(0).request.model().name();
            for (int from = 0; from < group.size(); from += api.maxLines()) {
                List<Ask> chunk = group.subList(from, Math.min(group.size(), from + api.maxLines()));
                List<BatchApi.Line> lines = chunk.stream().map(a -> new BatchApi.Line(a.customId, a.request)).toList();
                String id;
                try {
                    id = api.submit(model, lines);
                } catch (ProviderException e) {
                    throw new PromptEvalException("suite " + suite + ": " + chunk.size() + " requests for model "
                            + model + " could not be submitted to " + api.name() + ": " + e.getMessage()
                            + ". Nothing of them was submitted; run again to submit them", e);
                }
                Map<String, String> keys = new LinkedHashMap<>();
                chunk.forEach(a -> keys.put(a.customId, a.keyHash));
                var entry = new BatchLedger.Entry(api.endpoint(), model, id, keys);
                ledger.add(entry);
                submitted.add(entry);
                log.accept("suite " + suite + ": submitted " + api.name() + " batch " + id + " (" + chunk.size()
                        + " requests, model " + model + ")");
            }
        }
        return submitted;
    }

    /** A batch being waited for. */
    private final class Waiting {
        final BatchLedger.Entry entry;
        final BatchApi api;
        final Map<String, ModelRequest> requests = new HashMap<>();
        RetrySchedule failures = retry.start(clock::nanoTime);
        BatchApi.Status status;
        Map<String, BatchApi.Result> results;

        Waiting(BatchLedger.Entry entry, BatchApi api) {
            this.entry = entry;
            this.api = api;
            entry.lines().forEach((customId, key) -> {
                Ask ask = asks.get(entry.endpoint() + " " + key);
                if (ask != null) requests.put(customId, ask.request);
            });
        }

        String progress() {
            String done = status.total() >= 0 && status.finished() >= 0
                    ? ", " + status.finished() + "/" + status.total() + " done" : "";
            return api.name() + " batch " + entry.id() + ": " + status.state() + done;
        }
    }

    /**
     * Submits what is missing, then waits for every batch that asks one of this run's requests, polling every
     * {@link BatchSettings#pollInterval()} with a progress line, and collects their answers.
     *
     * @throws BatchPendingException when the wait limit passes first; the ledger keeps the batches for a re-run
     * @throws PromptEvalException   when a batch cannot be submitted, or polled or read after the retries
     */
    public Answers collect(CancellationToken cancel) {
        submit();
        List<Waiting> waiting = new ArrayList<>();
        for (BatchLedger.Entry entry : ledger.entries()) {
            BatchApi api = apis.get(entry.endpoint());
            if (api == null) continue;
            Waiting w = new Waiting(entry, api);
            if (!w.requests.isEmpty()) waiting.add(w);
        }
        long started = clock.nanoTime();
        long deadline = started + settings.waitLimit().toNanos();
        while (true) {
            Duration pause = settings.pollInterval();
            for (Waiting w : waiting) {
                if (w.results != null) continue;
                try {
                    if (w.status == null || !w.status.ended()) w.status = w.api.status(w.entry.id());
                    if (w.status.ended()) {
                        w.results = w.api.results(w.entry.id(), w.status, w.requests);
                        log.accept("suite " + suite + ": collected " + w.progress() + (w.status.problem() == null
                                ? "" : " (" + w.status.problem() + ")"));
                    } else {
                        log.accept("suite " + suite + ": " + w.progress() + ", waited " + minutes(started));
                    }
                    w.failures = retry.start(clock::nanoTime);
                } catch (ProviderException e) {
                    Optional<Duration> wait = w.failures.next(Failures.signalOf(e), ThreadLocalRandom.current());
                    if (wait.isEmpty()) {
                        throw new PromptEvalException("suite " + suite + ": " + w.api.name() + " batch "
                                + w.entry.id() + " could not be polled or read: " + e.getMessage() + ". It is kept "
                                + "in " + ledger.file() + ": run again to resume polling it", e);
                    }
                    if (wait.get().compareTo(pause) < 0) pause = wait.get();
                }
            }
            if (waiting.stream().allMatch(w -> w.results != null)) break;
            long now = clock.nanoTime();
            if (now >= deadline || cancel.isCancelled()) throw pending(waiting);
            sleep(Duration.ofNanos(Math.min(pause.toNanos(), deadline - now)), cancel);
        }
        return answers(waiting);
    }

    private void sleep(Duration pause, CancellationToken cancel) {
        try {
            clock.sleep(pause, cancel);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel.cancel("interrupted while waiting for batches");
        }
    }

    private BatchPendingException pending(List<Waiting> waiting) {
        List<String> lines = new ArrayList<>();
        for (Waiting w : waiting) {
            if (w.results != null) continue;
            String state = w.status == null ? "" : " (" + w.status.state() + (w.status.total() >= 0
                    && w.status.finished() >= 0 ? ", " + w.status.finished() + "/" + w.status.total() + " done" : "")
                    + ")";
            lines.add("suite " + suite + ": submitted " + w.api.name() + " batch " + w.entry.id() + " with "
                    + w.entry.lines().size() + " requests, not finished" + state + "; re-run to collect (the batch "
                    + "id is kept in " + ledger.file() + ")");
        }
        return new BatchPendingException(lines);
    }

    private String minutes(long started) {
        long seconds = TimeUnit.NANOSECONDS.toSeconds(clock.nanoTime() - started);
        return seconds < 120 ? seconds + " s" : seconds / 60 + " min";
    }

    private Answers answers(List<Waiting> waiting) {
        Map<String, BatchApi.Result> byKey = new HashMap<>();
        for (Waiting w : waiting) {
            w.entry.lines().forEach((customId, key) -> {
                if (!w.requests.containsKey(customId)) return;
                BatchApi.Result result = w.results.get(customId);
                if (result == null) {
                    result = BatchApi.Result.failed(w.api.name() + " batch " + w.entry.id() + " ended ("
                            + w.status.state() + ") without an answer for this request"
                            + (w.status.problem() == null ? "" : ": " + w.status.problem()));
                }
                byKey.put(w.entry.endpoint() + " " + key, result);
            });
        }
        return new Answers(byKey);
    }

    /** The collected answers, by endpoint and request key. */
    public static final class Answers {
        private final Map<String, BatchApi.Result> results;

        Answers(Map<String, BatchApi.Result> results) {
            this.results = Map.copyOf(results);
        }

        public int size() {
            return results.size();
        }

        /** How many lines failed. */
        public long failed() {
            return results.values().stream().filter(r -> r.error() != null).count();
        }

        /**
         * A provider that answers from these results for the batch API's endpoint (so the cache and recordings keep
         * them under the interactive keys); a failed line is a {@link ProviderException.Kind#BATCH_LINE} error with
         * the provider's reason, never retried (a re-run submits it again).
         */
        public ModelProvider provider(BatchApi api) {
            return new ModelProvider() {
                @Override
                public String endpoint() {
                    return api.endpoint();
                }

                @Override
                public ModelResponse complete(ModelRequest request) throws ProviderException {
                    BatchApi.Result result = results.get(api.endpoint() + " "
                            + RequestKey.of(api.endpoint(), request).hash());
                    if (result == null) {
                        throw new ProviderException(ProviderException.Kind.BATCH_LINE, "no batch asked for this "
                                + "request (sample " + request.sample() + " of model " + request.model().name()
                                + "); run again to submit it");
                    }
                    if (result.error() != null) {
                        throw new ProviderException(ProviderException.Kind.BATCH_LINE, result.error());
                    }
                    return result.response();
                }
            };
        }
    }

    @Override
    public String toString() {
        return "BatchRun[" + suite + ", " + asks.size() + " requests, " + String.join(", ", apis.keySet())
                .toLowerCase(Locale.ROOT) + "]";
    }
}
