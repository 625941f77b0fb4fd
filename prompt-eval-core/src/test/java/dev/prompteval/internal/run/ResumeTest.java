package dev.prompteval.internal.run;

import dev.prompteval.internal.run.RunFixtures.ScriptedProvider;
import dev.prompteval.internal.run.RunOutcome.StopReason;
import dev.prompteval.provider.ProviderException.Kind;
import dev.prompteval.provider.ProviderException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.prompteval.internal.run.RunFixtures.echo;
import static dev.prompteval.internal.run.RunFixtures.options;
import static dev.prompteval.internal.run.RunFixtures.rows;
import static dev.prompteval.internal.run.RunFixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/** A run cancelled part-way, started again, calls only what did not complete. */
class ResumeTest {
    private static final int ROWS = 30;
    private static final int REPEAT = 2;

    @TempDir
    Path dir;

    @Test
    void aJournalCutShortWhileTheRunReadsItBackStopsTheRunNamingTheFile() throws Exception {
        var spec = spec(1);
        Path file = RunJournal.fileFor(dir, spec);
        var runner = new Runner(new ScriptedProvider((row, sample, call) -> echo(row, 0)), RunFixtures.SCORER,
                options(2));
        try (var journal = RunJournal.open(file, spec)) {
            runner.run(spec, rows(ROWS), journal, ProgressListener.NONE, new CancellationToken());
        }

        RunOutcome resumed;
        try (var journal = RunJournal.open(file, spec)) {
            // something else cuts the file after it was opened: the results it pointed to are gone
            try (var channel = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(Files.size(file) / 2);
            }
            resumed = runner.run(spec, rows(ROWS), journal, ProgressListener.NONE, new CancellationToken());
        }

        assertThat(resumed.stopReason()).isEqualTo(StopReason.JOURNAL_FAILED);
        assertThat(resumed.message()).contains("run journal " + file + " cannot be read back")
                .contains("delete it to run the suite afresh");
        assertThat(resumed.result().complete()).isFalse();
    }

    @Test
    void aCancelledRunStartedAgainCallsOnlyTheRemainingSamples() {
        var spec = spec(REPEAT);
        Path file = RunJournal.fileFor(dir, spec);
        var cancel = new CancellationToken();
        var calls = new AtomicInteger();
        // One provider for both runs, so that its per-(row, sample) counts cover the whole story.
        var cancelled = new java.util.concurrent.CountDownLatch(1);
        var provider = new ScriptedProvider((row, sample, call) -> {
            int number = calls.incrementAndGet();
            if (number == 17) {
                cancel.cancel("killed for the test");
                cancelled.countDown();
            } else if (number > 17) {
                // a call that started before the cancel answers after it, as a real call in flight does (without
                // this, another worker may answer every remaining row before the 17th call gets to cancel)
                awaitQuietly(cancelled);
            }
            return echo(row, 0.001);
        });
        var runner = new Runner(provider, RunFixtures.SCORER, options(4));

        RunOutcome first;
        try (var journal = RunJournal.open(file, spec)) {
            first = runner.run(spec, rows(ROWS), journal, ProgressListener.NONE, cancel);
        }
        int firstCalls = provider.totalCalls();
        long firstKept = first.result().rows().stream().mapToLong(r -> r.samples().size()).sum();
        assertThat(first.stopReason()).isEqualTo(StopReason.CANCELLED);
        assertThat(firstKept).isEqualTo(firstCalls).isLessThan(ROWS * REPEAT);
        assertThat(first.message()).endsWith("run again to resume from " + file);

        RunOutcome second;
        try (var journal = RunJournal.open(file, spec)) {
            assertThat(journal.completedCount()).isEqualTo(firstCalls);
            second = runner.run(spec, rows(ROWS), journal, ProgressListener.NONE, new CancellationToken());
        }

        assertThat(provider.totalCalls() - firstCalls).isEqualTo(ROWS * REPEAT - firstCalls);
        for (var row : rows(ROWS)) {
            for (int sample = 0; sample < REPEAT; sample++) {
                assertThat(provider.calls(row.id(), sample)).as("calls of %s#%d", row.id(), sample).isEqualTo(1);
            }
        }
        assertThat(second.stopReason()).isEqualTo(StopReason.COMPLETED);
        assertThat(second.result().complete()).isTrue();
        assertThat(second.progress().resumed()).isEqualTo(firstCalls);
        assertThat(second.result().rows()).hasSize(ROWS).allSatisfy(row -> assertThat(row.samples())
                .extracting(SampleResult::output).containsOnly("out:" + row.id()));
        assertThat(second.progress().costUsd()).isCloseTo((ROWS * REPEAT - firstCalls) * 0.001,
                offset(1e-9));
    }

    @Test
    void errorResultsInTheJournalAreRunAgain() {
        var spec = spec(1);
        Path file = RunJournal.fileFor(dir, spec);
        var provider = new ScriptedProvider((row, sample, call) -> {
            if (row.equals("r2") && call == 1) {
                throw new ProviderException(Kind.BAD_REQUEST, "upstream hiccup", 400, null, null);
            }
            return echo(row, 0.0);
        });
        var runner = new Runner(provider, RunFixtures.SCORER, options(2));

        try (var journal = RunJournal.open(file, spec)) {
            RunOutcome first = runner.run(spec, rows(3), journal, ProgressListener.NONE, new CancellationToken());
            assertThat(first.result().rows().get(1).errored()).isTrue();
        }
        RunOutcome second;
        try (var journal = RunJournal.open(file, spec)) {
            second = runner.run(spec, rows(3), journal, ProgressListener.NONE, new CancellationToken());
        }

        assertThat(provider.calls("r1", 0)).isEqualTo(1);
        assertThat(provider.calls("r2", 0)).isEqualTo(2);
        assertThat(provider.calls("r3", 0)).isEqualTo(1);
        assertThat(second.result().rows()).noneMatch(RowResult::errored);
        assertThat(second.progress().resumed()).isEqualTo(2);
    }

    @Test
    void aJournalTornByACrashResumesWithAWarningAndRecallsOnlyTheTornResult() throws Exception {
        var spec = spec(1);
        Path file = RunJournal.fileFor(dir, spec);
        var provider = ScriptedProvider.echoing();
        var runner = new Runner(provider, RunFixtures.SCORER, options(1));
        try (var journal = RunJournal.open(file, spec)) {
            runner.run(spec, rows(3), journal, ProgressListener.NONE, new CancellationToken());
        }
        // Simulate a crash in the middle of writing r3's line.
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 20), StandardOpenOption.TRUNCATE_EXISTING);

        RunOutcome resumed;
        try (var journal = RunJournal.open(file, spec)) {
            resumed = runner.run(spec, rows(3), journal, ProgressListener.NONE, new CancellationToken());
        }

        assertThat(resumed.warnings()).singleElement().asString().contains("line 4 was cut off");
        assertThat(provider.calls("r3", 0)).isEqualTo(2);
        assertThat(provider.totalCalls()).isEqualTo(4);
        assertThat(resumed.result().complete()).isTrue();
    }

    @Test
    void aCompleteJournalResumesToARunWithoutCalls() {
        var spec = spec(2);
        Path file = RunJournal.fileFor(dir, spec);
        var provider = ScriptedProvider.echoing();
        var runner = new Runner(provider, RunFixtures.SCORER, options(3));
        RunOutcome first;
        try (var journal = RunJournal.open(file, spec)) {
            first = runner.run(spec, rows(5), journal, ProgressListener.NONE, new CancellationToken());
        }
        RunOutcome second;
        try (var journal = RunJournal.open(file, spec)) {
            second = runner.run(spec, rows(5), journal, ProgressListener.NONE, new CancellationToken());
        }

        assertThat(provider.totalCalls()).isEqualTo(10);
        assertThat(second.result()).isEqualTo(first.result());
        assertThat(second.message()).isEqualTo("suite echo-suite, echo (file:prompts/echo.json): 10 results, "
                + "10 resumed from the run journal, $0.0000 spent");
    }

    private static void awaitQuietly(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
