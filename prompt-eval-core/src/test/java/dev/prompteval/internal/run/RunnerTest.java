package dev.prompteval.internal.run;

import dev.prompteval.dataset.Row;
import dev.prompteval.internal.retry.RetryPolicy;
import dev.prompteval.internal.run.RunFixtures.FakeClock;
import dev.prompteval.internal.run.RunFixtures.ScriptedProvider;
import dev.prompteval.internal.run.RunOutcome.StopReason;
import dev.prompteval.provider.ModelResponse;
import dev.prompteval.provider.ProviderException.Kind;
import dev.prompteval.provider.ProviderException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.prompteval.internal.run.RunFixtures.echo;
import static dev.prompteval.internal.run.RunFixtures.options;
import static dev.prompteval.internal.run.RunFixtures.rows;
import static dev.prompteval.internal.run.RunFixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

class RunnerTest {

    @Test
    void neverHasMoreThanConcurrencyCallsInFlightAndReachesIt() {
        int concurrency = 4;
        var inFlight = new AtomicInteger();
        var maxInFlight = new AtomicInteger();
        // The first calls only return once `concurrency` of them are in flight together: this fails (by the
        // barrier's timeout) unless the runner really runs that many at once.
        var together = new CyclicBarrier(concurrency);
        var provider = new ScriptedProvider((row, sample, call) -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                if (Integer.parseInt(row.substring(1)) <= concurrency) together.await(30, TimeUnit.SECONDS);
                else Thread.sleep(1);
                return echo(row, 0.0);
            } catch (Exception e) {
                throw new ProviderException(Kind.SERVER, "test barrier: " + e);
            } finally {
                inFlight.decrementAndGet();
            }
        });

        RunOutcome outcome = new Runner(provider, RunFixtures.SCORER, options(concurrency)).run(spec(1), rows(60));

        assertThat(maxInFlight).hasValue(concurrency);
        assertThat(outcome.stopReason()).isEqualTo(StopReason.COMPLETED);
        assertThat(outcome.result().rows()).hasSize(60).noneMatch(RowResult::errored);
    }

    @Test
    void repeatGivesKSamplesPerRowInDatasetOrderWhateverTheCompletionOrder() {
        var provider = new ScriptedProvider((row, sample, call) -> {
            sleepQuietly((row.hashCode() + sample * 7) % 4);
            return new ModelResponse("out:" + row + ":" + sample, "stop", null);
        });

        RunOutcome outcome = new Runner(provider, RunFixtures.SCORER, options(8)).run(spec(3), rows(25));

        RunResult result = outcome.result();
        assertThat(result.complete()).isTrue();
        assertThat(result.rows()).extracting(RowResult::id)
                .containsExactlyElementsOf(rows(25).stream().map(Row::id).toList());
        for (RowResult row : result.rows()) {
            assertThat(row.samples()).extracting(SampleResult::sample).containsExactly(0, 1, 2);
            assertThat(row.samples()).extracting(SampleResult::output)
                    .containsExactly("out:" + row.id() + ":0", "out:" + row.id() + ":1", "out:" + row.id() + ":2");
        }
        assertThat(provider.totalCalls()).isEqualTo(75);
        assertThat(provider.requests()).allSatisfy(request -> {
            assertThat(request.model()).isEqualTo(RunFixtures.TEMPLATE.model());
            assertThat(request.prompt().messages().get(0).role()).isEqualTo("user");
        });
        assertThat(result.contentHash()).isEqualTo(RunFixtures.TEMPLATE.contentHash());
        assertThat(result.datasetHash()).isEqualTo("sha256:dataset");
        assertThat(outcome.progress().done()).isEqualTo(75);
        assertThat(outcome.progress().total()).isEqualTo(75);
    }

    @Test
    void rateLimitIsRetriedNoSoonerThanTheProviderAskedAndAtMostATenthLater() {
        var clock = new FakeClock();
        var provider = new ScriptedProvider((row, sample, call) -> {
            if (row.equals("r2") && call == 1) {
                throw new ProviderException(Kind.RATE_LIMIT, "Rate limit reached for requests", 429,
                        Duration.ofSeconds(7), null);
            }
            return echo(row, 0.0);
        });
        var limiter = RateLimiter.perMinute(0, 0, clock);

        RunOutcome outcome = new Runner(provider, RunFixtures.SCORER,
                options(1).withClock(clock).withRateLimiter(limiter)).run(spec(1), rows(3));

        assertThat(clock.sleeps()).singleElement()
                .satisfies(wait -> assertThat(wait).isBetween(Duration.ofSeconds(7), Duration.ofMillis(7700)));
        assertThat(provider.calls("r2", 0)).isEqualTo(2);
        assertThat(outcome.result().rows()).noneMatch(RowResult::errored);
        assertThat(outcome.result().rows().get(1).samples().get(0).output()).isEqualTo("out:r2");
        assertThat(outcome.progress().retries()).isEqualTo(1);
    }

    @Test
    void rateLimitsAreRetriedForAsLongAsTheTimeBudgetAllowsNotAFixedCount() {
        var clock = new FakeClock();
        // r1 is rate limited 30 times, far more than the 4 attempts other failures get, then answers.
        var provider = new ScriptedProvider((row, sample, call) -> {
            if (call <= 30) throw new ProviderException(Kind.RATE_LIMIT, "slow down", 429, Duration.ofSeconds(2), null);
            return echo(row, 0.0);
        });

        RunOutcome outcome = new Runner(provider, RunFixtures.SCORER, options(1).withClock(clock)
                .withRetry(RetryPolicy.DEFAULT.withOverloadBudget(Duration.ofMinutes(5)))).run(spec(1), rows(1));

        assertThat(provider.calls("r1", 0)).isEqualTo(31);
        assertThat(outcome.result().rows()).noneMatch(RowResult::errored);
        assertThat(outcome.progress().retries()).isEqualTo(30);
    }

    @Test
    void aRateLimitThatOutlastsTheBudgetIsNotEvaluatedCountedByCauseWithHowToResume() {
        var clock = new FakeClock();
        var provider = new ScriptedProvider((row, sample, call) -> {
            if (row.equals("r2")) throw new ProviderException(Kind.RATE_LIMIT, "slow down", 429, Duration.ofSeconds(20),
                    null);
            return echo(row, 0.0);
        });

        RunOutcome outcome = new Runner(provider, RunFixtures.SCORER, options(1).withClock(clock)
                .withRetry(RetryPolicy.DEFAULT.withOverloadBudget(Duration.ofSeconds(60)))).run(spec(1), rows(3));

        // Waits of 20-22 s: the fourth would end past 60 s, so the retries end after three.
        assertThat(provider.calls("r2", 0)).isEqualTo(3);
        SampleResult failed = outcome.result().rows().get(1).samples().get(0);
        assertThat(failed.error()).isEqualTo("RATE_LIMIT (HTTP 429) after 3 attempts (the retry budget of 60 s is "
                + "used up): slow down");
        assertThat(outcome.progress().errorsByCause()).containsExactly(Map.entry("rate limit (HTTP 429)", 1L));
        assertThat(outcome.message()).contains("1 not evaluated (rate limit (HTTP 429) 1): they have no result, so "
                + "they say nothing about the prompt. Run again to evaluate them");
    }

    @Test
    void aProviderWaitLongerThanTheBudgetEndsTheRetriesAtOnce() {
        var clock = new FakeClock();
        var provider = new ScriptedProvider((row, sample, call) -> {
            throw new ProviderException(Kind.RATE_LIMIT, "slow down", 429, Duration.ofHours(1), null);
        });

        RunOutcome outcome = new Runner(provider, RunFixtures.SCORER, options(1).withClock(clock)
                .withRateLimiter(RateLimiter.perMinute(0, 0, clock))).run(spec(1), rows(1));

        assertThat(clock.sleeps()).isEmpty();
        assertThat(outcome.result().rows().get(0).samples().get(0).error()).isEqualTo("RATE_LIMIT (HTTP 429) (the "
                + "provider asked to wait 3600 s, longer than the retry budget of 600 s): slow down");
    }

    @Test
    void serverErrorsAreRetriedWithGrowingBackoffThenBecomeAnErrorResultWhileOtherRowsComplete() {
        var clock = new FakeClock();
        var provider = new ScriptedProvider((row, sample, call) -> {
            if (row.equals("r2")) throw new ProviderException(Kind.SERVER, "Internal error", 500, null, null);
            return echo(row, 0.0);
        });

        RunOutcome outcome = new Runner(provider, RunFixtures.SCORER, options(2).withClock(clock)).run(spec(1), rows(5));

        assertThat(provider.calls("r2", 0)).isEqualTo(RetryPolicy.DEFAULT.maxAttempts());
        List<Duration> sleeps = clock.sleeps();
        assertThat(sleeps).hasSize(3);
        // ceilings of 0.5 s, 1 s and 2 s, shortened by at most a quarter
        assertThat(sleeps.get(0)).isBetween(Duration.ofMillis(375), Duration.ofMillis(500));
        assertThat(sleeps.get(1)).isBetween(Duration.ofMillis(750), Duration.ofSeconds(1));
        assertThat(sleeps.get(2)).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(2));
        SampleResult failed = outcome.result().rows().get(1).samples().get(0);
        assertThat(failed.error()).isEqualTo("SERVER (HTTP 500) after 4 attempts: Internal error");
        assertThat(failed.output()).isNull();
        assertThat(outcome.result().rows()).filteredOn(r -> !r.id().equals("r2")).hasSize(4)
                .noneMatch(RowResult::errored);
        assertThat(outcome.result().complete()).isTrue();
        assertThat(outcome.progress().errors()).isEqualTo(1);
        assertThat(outcome.progress().errorsByCause()).containsExactly(Map.entry("server (HTTP 500)", 1L));
        assertThat(outcome.progress().retries()).isEqualTo(3);
    }

    @Test
    void aNonRetryableErrorIsAnErrorResultAtOnce() {
        var clock = new FakeClock();
        var provider = new ScriptedProvider((row, sample, call) -> {
            if (row.equals("r3")) throw new ProviderException(Kind.AUTH, "Incorrect API key provided", 401, null, null);
            return echo(row, 0.0);
        });

        RunOutcome outcome = new Runner(provider, RunFixtures.SCORER, options(3).withClock(clock)).run(spec(2), rows(6));

        assertThat(provider.calls("r3", 0)).isEqualTo(1);
        assertThat(provider.calls("r3", 1)).isEqualTo(1);
        assertThat(clock.sleeps()).isEmpty();
        RowResult r3 = outcome.result().rows().get(2);
        assertThat(r3.samples()).extracting(SampleResult::error)
                .containsOnly("AUTH (HTTP 401): Incorrect API key provided");
        assertThat(outcome.result().rows()).hasSize(6).filteredOn(RowResult::errored).extracting(RowResult::id)
                .containsExactly("r3");
        assertThat(outcome.stopReason()).isEqualTo(StopReason.COMPLETED);
        assertThat(outcome.progress().errors()).isEqualTo(2);
    }

    @Test
    void aRowMissingAVariableIsAnErrorForThatRowAndIsNeverSent() {
        var provider = ScriptedProvider.echoing();
        var rows = new ArrayList<>(rows(3));
        rows.set(1, new Row("r2", 2, 3, Map.of("other", "x"), List.of(), null, null, null, Map.of(), Set.of(), null));

        RunOutcome outcome = new Runner(provider, RunFixtures.SCORER, options(2)).run(spec(2), rows);

        assertThat(provider.totalCalls()).isEqualTo(4);
        RowResult r2 = outcome.result().rows().get(1);
        assertThat(r2.samples()).hasSize(2).allSatisfy(sample -> assertThat(sample.error())
                .startsWith("row [r2] (line 3): ").contains("echo").contains("word"));
        assertThat(outcome.result().rows().get(0).errored()).isFalse();
        assertThat(outcome.result().rows().get(2).errored()).isFalse();
    }

    @Test
    void aRepeatedRowIdIsAnErrorForTheSecondRow() {
        var provider = ScriptedProvider.echoing();
        var rows = List.of(RunFixtures.row("a", 1), RunFixtures.row("b", 2), RunFixtures.row("a", 3));

        RunOutcome outcome = new Runner(provider, RunFixtures.SCORER, options(1)).run(spec(1), rows);

        assertThat(outcome.result().rows()).extracting(RowResult::errored).containsExactly(false, false, true);
        assertThat(outcome.result().rows().get(2).samples().get(0).error())
                .isEqualTo("row [a] (line 4) has the id of row 1; every row needs its own __id so that baseline "
                        + "and candidate rows pair up");
        assertThat(provider.totalCalls()).isEqualTo(2);
    }

    @Test
    void aScorerFailureIsAnErrorResultThatKeepsTheOutput() {
        OutputScorer failing = (row, output) -> {
            if (row.id().equals("r1")) throw new IllegalStateException("grader answered\n\"maybe\"");
            return RunFixtures.SCORER.score(row, output);
        };

        RunOutcome outcome = new Runner(ScriptedProvider.echoing(), failing, options(1)).run(spec(1), rows(2));

        SampleResult r1 = outcome.result().rows().get(0).samples().get(0);
        assertThat(r1.error()).isEqualTo("scoring failed: grader answered \"maybe\"");
        assertThat(r1.output()).isEqualTo("out:r1");
        assertThat(r1.score()).isNull();
        assertThat(outcome.result().rows().get(1).samples().get(0).score().pass()).isTrue();
    }

    @Test
    void aProviderBugIsAnErrorResultNotACrash() {
        var provider = new ScriptedProvider((row, sample, call) -> {
            if (row.equals("r1")) throw new NullPointerException("choices is null");
            return echo(row, 0.0);
        });

        RunOutcome outcome = new Runner(provider, RunFixtures.SCORER, options(1)).run(spec(1), rows(2));

        assertThat(outcome.result().rows().get(0).samples().get(0).error())
                .isEqualTo("the provider failed unexpectedly: choices is null");
        assertThat(outcome.result().rows().get(1).errored()).isFalse();
        assertThat(provider.calls("r1", 0)).isEqualTo(1);
    }

    @Test
    void theBudgetStopsNewTasksAndKeepsWhatCompleted() {
        var provider = new ScriptedProvider((row, sample, call) -> echo(row, 0.10));

        RunOutcome outcome = new Runner(provider, RunFixtures.SCORER, options(1).withBudgetUsd(0.35))
                .run(spec(1), rows(10));

        // One at a time: the fourth call brings the spend to $0.40 >= $0.35, so nothing after it starts.
        assertThat(provider.totalCalls()).isEqualTo(4);
        assertThat(outcome.stopReason()).isEqualTo(StopReason.BUDGET);
        assertThat(outcome.result().complete()).isFalse();
        assertThat(outcome.result().rows()).extracting(RowResult::id).containsExactly("r1", "r2", "r3", "r4");
        assertThat(outcome.result().rows()).noneMatch(RowResult::errored);
        assertThat(outcome.progress().costUsd()).isCloseTo(0.40, offset(1e-9));
        assertThat(outcome.message()).isEqualTo("suite echo-suite, echo (file:prompts/echo.json): stopped early: "
                + "the budget of $0.35 was reached; 4 results kept, $0.4000 spent. The run is incomplete and fails "
                + "the gate; raise the budget");
    }

    @Test
    void underTheBudgetWithManyWorkersEveryCallMadeIsKept() {
        var provider = new ScriptedProvider((row, sample, call) -> {
            sleepQuietly(1);
            return echo(row, 0.01);
        });

        RunOutcome outcome = new Runner(provider, RunFixtures.SCORER, options(6).withBudgetUsd(0.20))
                .run(spec(2), rows(100));

        long kept = outcome.result().rows().stream().mapToLong(r -> r.samples().size()).sum();
        assertThat(kept).isEqualTo(provider.totalCalls()).isGreaterThanOrEqualTo(20).isLessThan(200);
        assertThat(outcome.progress().costUsd()).isGreaterThanOrEqualTo(0.20);
        assertThat(outcome.stopReason()).isEqualTo(StopReason.BUDGET);
    }

    @Test
    void cancellingStopsCleanlyAndSaysWhy() {
        var cancel = new CancellationToken();
        var provider = new ScriptedProvider((row, sample, call) -> {
            if (row.equals("r5")) cancel.cancel("stopped by the user");
            return echo(row, 0.0);
        });

        RunOutcome outcome = new Runner(provider, RunFixtures.SCORER, options(1))
                .run(spec(1), rows(20), RunJournal.disabled(), ProgressListener.NONE, cancel);

        assertThat(provider.totalCalls()).isEqualTo(5);
        assertThat(outcome.stopReason()).isEqualTo(StopReason.CANCELLED);
        assertThat(outcome.result().complete()).isFalse();
        assertThat(outcome.result().rows()).hasSize(5);
        assertThat(outcome.message()).contains("stopped early: cancelled (stopped by the user)");
    }

    @Test
    void interruptingTheRunningThreadStopsCleanlyAndKeepsTheInterrupt() {
        Thread runnerThread = Thread.currentThread();
        var provider = new ScriptedProvider((row, sample, call) -> {
            if (row.equals("r3")) runnerThread.interrupt();
            sleepQuietly(1); // leaves the interrupted thread ample time to stop the run long before the last row
            return echo(row, 0.0);
        });

        RunOutcome outcome = new Runner(provider, RunFixtures.SCORER, options(1)).run(spec(1), rows(1000));

        assertThat(Thread.interrupted()).isTrue();
        assertThat(outcome.stopReason()).isEqualTo(StopReason.CANCELLED);
        assertThat(outcome.result().rows()).extracting(RowResult::id).startsWith("r1", "r2", "r3");
        assertThat(outcome.result().rows().size()).isEqualTo(provider.totalCalls()).isLessThan(1000);
        assertThat(outcome.message()).contains("the running thread was interrupted");
    }

    @Test
    void aCallThatOutlivesTheAttemptTimeoutIsATimeoutError() {
        var release = new CountDownLatch(1);
        var provider = new ScriptedProvider((row, sample, call) -> {
            if (row.equals("r1")) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return echo(row, 0.0);
        });
        try {
            RunOutcome outcome = new Runner(provider, RunFixtures.SCORER, options(2)
                    .withAttemptTimeout(Duration.ofMillis(200)).withRetry(RetryPolicy.DEFAULT.withMaxAttempts(1)))
                    .run(spec(1), rows(3));

            assertThat(outcome.result().rows().get(0).samples().get(0).error())
                    .isEqualTo("TIMEOUT: no answer within 200 ms (the runner's attempt timeout)");
            assertThat(outcome.result().rows().subList(1, 3)).noneMatch(RowResult::errored);
        } finally {
            release.countDown();
        }
    }

    @Test
    void progressIsReportedAtMostOncePerIntervalAndOnceAtTheEnd() {
        var clock = new FakeClock();
        var provider = new ScriptedProvider((row, sample, call) -> {
            clock.advance(Duration.ofMillis(100));
            if (row.equals("r4")) throw new ProviderException(Kind.BAD_REQUEST, "context too long", 400, null, null);
            return echo(row, 0.01);
        });
        var reports = Collections.synchronizedList(new ArrayList<Progress>());

        new Runner(provider, RunFixtures.SCORER, options(1).withClock(clock)
                .withProgressInterval(Duration.ofMillis(250)))
                .run(spec(1), rows(10), RunJournal.disabled(), reports::add, new CancellationToken());

        // Results complete at 100, 200, ... 1000 ms: reports are due at 250 ms, then 250 ms after each report.
        assertThat(reports).extracting(Progress::done).containsExactly(3L, 6L, 9L, 10L);
        assertThat(reports).extracting(Progress::finished).containsExactly(false, false, false, true);
        Progress first = reports.get(0);
        assertThat(first.total()).isEqualTo(10);
        assertThat(first.elapsed()).isEqualTo(Duration.ofMillis(300));
        assertThat(first.callsPerSecond()).isEqualTo(10.0);
        assertThat(first.eta()).isEqualTo(Duration.ofMillis(700));
        Progress last = reports.get(3);
        assertThat(last.errors()).isEqualTo(1);
        assertThat(last.inputTokens()).isEqualTo(90);
        assertThat(last.outputTokens()).isEqualTo(45);
        assertThat(last.costUsd()).isCloseTo(0.09, offset(1e-9));
        assertThat(last.summary()).isEqualTo("10/10 (100%), 10.0 calls/s, 1 not evaluated (bad request (HTTP 400) 1), 135 tokens, $0.0900");
    }

    @Test
    void rowsReadFromAStreamHaveAnUnknownTotalUntilTheyAreAllRead() {
        var reports = Collections.synchronizedList(new ArrayList<Progress>());
        var clock = new FakeClock();
        var provider = new ScriptedProvider((row, sample, call) -> {
            clock.advance(Duration.ofSeconds(1));
            return echo(row, 0.0);
        });
        Iterable<Row> stream = () -> rows(3).iterator();

        RunOutcome outcome = new Runner(provider, RunFixtures.SCORER, options(1).withClock(clock)
                .withProgressInterval(Duration.ofMillis(500)))
                .run(spec(1), stream, RunJournal.disabled(), reports::add, new CancellationToken());

        assertThat(reports.get(0).total()).isEqualTo(-1);
        assertThat(reports.get(0).eta()).isNull();
        assertThat(outcome.progress().total()).isEqualTo(3);
    }

    @Test
    void aDatasetThatFailsWhileBeingReadFailsTheRunOnceTheCallsInFlightAreRecorded(@TempDir Path dir) {
        var provider = ScriptedProvider.echoing();
        Iterable<Row> broken = () -> new java.util.Iterator<>() {
            int next = 1;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Row next() {
                if (next > 3) throw new IllegalArgumentException("data.csv line 5: unclosed quote");
                return RunFixtures.row("r" + next, next++);
            }
        };
        var runner = new Runner(provider, RunFixtures.SCORER, options(2));
        Path file = dir.resolve("journal.jsonl");

        try (var journal = RunJournal.open(file, spec(1))) {
            assertThatThrownBy(() -> runner.run(spec(1), broken, journal, ProgressListener.NONE,
                    new CancellationToken()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("data.csv line 5: unclosed quote");
        }

        // Reading fails after r3 got a worker, which needs r1 or r2 to have finished; tasks that had not called
        // the model yet are abandoned. Whatever was called was recorded.
        assertThat(provider.totalCalls()).isBetween(1, 3);
        try (var reopened = RunJournal.open(file, spec(1))) {
            assertThat(reopened.completedCount()).isEqualTo(provider.totalCalls());
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
