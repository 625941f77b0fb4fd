package dev.prompteval.benchmark;

import dev.prompteval.gate.Decision;
import dev.prompteval.internal.gate.Gate;
import dev.prompteval.internal.gate.GateRules;
import dev.prompteval.internal.run.CancellationToken;
import dev.prompteval.internal.run.RunJournal;
import dev.prompteval.internal.run.RunOptions;
import dev.prompteval.internal.run.RunOutcome;
import dev.prompteval.internal.run.RunSpec;
import dev.prompteval.internal.run.Runner;
import dev.prompteval.internal.template.PromptTemplate;
import dev.prompteval.provider.ModelProvider;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * A run at a provider's rate limit against the same run with no faults: 2 prompt versions x 500 rows (1,000 calls)
 * at concurrency 16 against the loopback stub answering after 50 ms, first clean, then with 25% of calls answered
 * {@code 429 Retry-After: 1} and 5% answered {@code 500}. Prints both wall times, the retries, the rows not evaluated
 * and both gate decisions; fails when the faulty run has an errored row or another decision.
 *
 * <p>Run: {@code ./mvnw -B -q -pl prompt-eval-benchmark -am verify -Pbenchmark-rate-limits -DskipTests}. Arguments
 * (all optional): output directory, rows per version (500), concurrency (16), latency in ms (50).
 */
public final class RateLimitBenchmark {
    private static final ChatCompletionsStub.Faults BUSY = new ChatCompletionsStub.Faults(0.25, 1, 0.05, 42);

    private RateLimitBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "target").resolve("prompt-eval-rate-limit-benchmark");
        // Each round starts without journals: an earlier invocation's would answer every row from disk.
        deleteRecursively(out);
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        Duration latency = Duration.ofMillis(args.length > 3 ? Long.parseLong(args[3]) : 50);

        Result warmUp = round(out.resolve("warm-up"), rows, concurrency, latency, ChatCompletionsStub.Faults.NONE);
        System.out.println("warm-up (not counted): " + warmUp);
        Result clean = round(out.resolve("clean"), rows, concurrency, latency, ChatCompletionsStub.Faults.NONE);
        System.out.println("clean: " + clean);
        Result busy = round(out.resolve("busy"), rows, concurrency, latency, BUSY);
        System.out.println("25% 429 Retry-After: 1, 5% 500: " + busy);

        double ideal = 2.0 * rows * latency.toMillis() / 1000.0 / concurrency;
        System.out.printf(Locale.ROOT, "%nrate-limit benchmark: 2 versions x %d rows, concurrency %d, latency %d ms"
                + " (ideal N*L/C %.3f s)%n", rows, concurrency, latency.toMillis(), ideal);
        System.out.printf(Locale.ROOT, "  clean  %.3f s, decision %s%n", clean.wall, clean.decision);
        System.out.printf(Locale.ROOT, "  busy   %.3f s (%.2f x clean), decision %s, %d not evaluated, %d retries "
                        + "(%d 429s, %d 500s served)%n", busy.wall, busy.wall / clean.wall, busy.decision,
                busy.errors, busy.retries, busy.rateLimited, busy.serverErrors);
        if (busy.errors > 0 || busy.decision != clean.decision) {
            System.out.println("FAILED: the run at the rate limit has rows not evaluated or another decision");
            System.exit(1);
        }
    }

    private record Result(double wall, Decision decision, long errors, long retries, long rateLimited,
                          long serverErrors) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.3f s, decision %s, %d not evaluated, %d retries", wall, decision,
                    errors, retries);
        }
    }

    private static Result round(Path dir, int rows, int concurrency, Duration latency,
                                ChatCompletionsStub.Faults faults) throws IOException {
        try (var stub = new ChatCompletionsStub(latency, faults)) {
            ModelProvider provider = RunnerBenchmark.provider(stub.baseUrl(), concurrency);
            var runner = new Runner(provider, RunnerBenchmark::score,
                    RunOptions.defaults().withConcurrency(concurrency).withProgressInterval(Duration.ofSeconds(5)));
            long start = System.nanoTime();
            RunOutcome baseline = run(runner, dir, 0, rows);
            RunOutcome candidate = run(runner, dir, 1, rows);
            double wall = (System.nanoTime() - start) / 1e9;
            Decision decision = new Gate(GateRules.defaults()).evaluate(candidate.result(), baseline.result())
                    .decision();
            long errors = 0;
            long retries = 0;
            for (RunOutcome outcome : new RunOutcome[] {baseline, candidate}) {
                errors += outcome.result().rows().stream().filter(r -> r.errored() || r.notEvaluated()).count();
                retries += outcome.progress().retries();
            }
            return new Result(wall, decision, errors, retries, stub.rateLimited(), stub.serverErrors());
        }
    }

    private static RunOutcome run(Runner runner, Path dir, int version, int rows) {
        PromptTemplate template = RunnerBenchmark.template(version);
        var spec = new RunSpec("orders", "order-summary", "version:" + (version + 1), version + 1, template,
                template.model(), "sha256:benchmark-" + rows, 1);
        try (var journal = RunJournal.open(RunJournal.fileFor(dir, spec), spec)) {
            RunOutcome outcome = runner.run(spec, RunnerBenchmark.dataset(rows), journal,
                    progress -> System.out.println("  v" + (version + 1) + ": " + progress.summary()),
                    new CancellationToken());
            System.out.println("  " + outcome.message());
            return outcome;
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!java.nio.file.Files.exists(dir)) return;
        try (var paths = java.nio.file.Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(path);
            }
        }
    }
}
