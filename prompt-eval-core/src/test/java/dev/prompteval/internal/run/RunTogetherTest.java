package dev.prompteval.internal.run;

import dev.prompteval.dataset.Row;
import dev.prompteval.internal.run.RunFixtures.ScriptedProvider;
import dev.prompteval.internal.run.RunOutcome.StopReason;
import dev.prompteval.provider.ProviderException;
import dev.prompteval.provider.ProviderException.Kind;
import org.junit.jupiter.api.Test;

import java.util.Iterator;
import java.util.List;
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

/** A suite's candidate and baseline run at once, within one budget of calls in flight. */
class RunTogetherTest {

    @Test
    void bothVersionsAreInFlightAtOnceAndTogetherStayWithinTheConcurrency() {
        int concurrency = 4;
        var inFlight = new AtomicInteger();
        var maxInFlight = new AtomicInteger();
        // The candidate's first call waits for the baseline's first call: run one after the other, it would never
        // answer (the latch's timeout fails it, and the assertions below with it).
        var baselineStarted = new CountDownLatch(1);
        var candidate = new ScriptedProvider((row, sample, call) -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                if (row.equals("r1") && !baselineStarted.await(30, TimeUnit.SECONDS)) {
                    throw new ProviderException(Kind.SERVER, "the baseline never started");
                }
                Thread.sleep(1);
                return echo(row, 0.0);
            } catch (InterruptedException e) {
                throw new ProviderException(Kind.SERVER, "interrupted");
            } finally {
                inFlight.decrementAndGet();
            }
        });
        var baseline = new ScriptedProvider((row, sample, call) -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            baselineStarted.countDown();
            try {
                Thread.sleep(1);
                return echo(row, 0.0);
            } catch (InterruptedException e) {
                throw new ProviderException(Kind.SERVER, "interrupted");
            } finally {
                inFlight.decrementAndGet();
            }
        });

        List<RunOutcome> outcomes = Runner.runTogether(List.of(
                job(candidate, "file:prompts/echo.json", rows(30), concurrency),
                job(baseline, "label:prod", rows(30), concurrency)), new CancellationToken());

        assertThat(outcomes).hasSize(2).allSatisfy(outcome -> {
            assertThat(outcome.stopReason()).isEqualTo(StopReason.COMPLETED);
            assertThat(outcome.result().rows()).hasSize(30).noneMatch(RowResult::errored);
        });
        assertThat(outcomes.get(0).result().reference()).isEqualTo("file:prompts/echo.json");
        assertThat(outcomes.get(1).result().reference()).isEqualTo("label:prod");
        assertThat(maxInFlight.get()).isLessThanOrEqualTo(concurrency);
        assertThat(candidate.totalCalls()).isEqualTo(30);
        assertThat(baseline.totalCalls()).isEqualTo(30);
    }

    @Test
    void whenOneRunHasEndedTheOtherTakesTheWholeBudget() {
        int concurrency = 4;
        // The baseline's calls for r11..r14 answer only once all four are in flight together, which a budget split
        // in halves would never allow (the barrier's timeout fails them). By then the candidate (one row) is done.
        var together = new CyclicBarrier(concurrency);
        var candidate = ScriptedProvider.echoing();
        var baseline = new ScriptedProvider((row, sample, call) -> {
            int number = Integer.parseInt(row.substring(1));
            try {
                if (number > 10 && number <= 14) together.await(30, TimeUnit.SECONDS);
                return echo(row, 0.0);
            } catch (Exception e) {
                throw new ProviderException(Kind.SERVER, "test barrier: " + e);
            }
        });

        List<RunOutcome> outcomes = Runner.runTogether(List.of(
                job(candidate, "file:prompts/echo.json", rows(1), concurrency),
                job(baseline, "label:prod", rows(40), concurrency)), new CancellationToken());

        assertThat(outcomes.get(1).result().rows()).hasSize(40).noneMatch(RowResult::errored);
        assertThat(outcomes.get(0).result().rows()).hasSize(1).noneMatch(RowResult::errored);
    }

    @Test
    void aRunWhoseRowsCannotBeReadFailsAfterTheOtherHasFinished() {
        var failingRows = (Iterable<Row>) () -> new Iterator<>() {
            private int read;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Row next() {
                if (++read > 3) throw new IllegalStateException("data.csv, line 5: broken quote");
                return RunFixtures.row("r" + read, read);
            }
        };
        var baseline = ScriptedProvider.echoing();

        assertThatThrownBy(() -> Runner.runTogether(List.of(
                job(ScriptedProvider.echoing(), "file:prompts/echo.json", failingRows, 2),
                job(baseline, "label:prod", rows(20), 2)), new CancellationToken()))
                .isInstanceOf(IllegalStateException.class).hasMessage("data.csv, line 5: broken quote");
        assertThat(baseline.totalCalls()).isEqualTo(20);
    }

    @Test
    void runnersWithDifferentConcurrenciesCannotShareOneBudget() {
        assertThatThrownBy(() -> Runner.runTogether(List.of(
                job(ScriptedProvider.echoing(), "a", rows(1), 2),
                job(ScriptedProvider.echoing(), "b", rows(1), 3)), new CancellationToken()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 and 3");
    }

    @Test
    void theSameContentUnderTwoReferencesHasTwoJournals() {
        RunSpec candidate = spec(1);
        RunSpec baseline = new RunSpec(candidate.suite(), candidate.promptName(), "label:prod", 3,
                candidate.template(), candidate.model(), candidate.datasetHash(), 1);

        assertThat(baseline.journalKey()).isNotEqualTo(candidate.journalKey());
        assertThat(spec(1).journalKey()).isEqualTo(candidate.journalKey());
    }

    private static Runner.Job job(ScriptedProvider provider, String reference, Iterable<Row> rows, int concurrency) {
        RunSpec base = spec(1);
        RunSpec spec = new RunSpec(base.suite(), base.promptName(), reference, null, base.template(), base.model(),
                base.datasetHash(), 1);
        return new Runner.Job(new Runner(provider, RunFixtures.SCORER, options(concurrency)), spec, rows,
                RunJournal.disabled(), ProgressListener.NONE);
    }
}
