package dev.prompteval.benchmark;

import dev.prompteval.dataset.Row;
import dev.prompteval.internal.provider.CachingProvider;
import dev.prompteval.internal.provider.EvaluationMode;
import dev.prompteval.internal.provider.ProviderOptions;
import dev.prompteval.internal.provider.Providers;
import dev.prompteval.internal.run.CancellationToken;
import dev.prompteval.internal.run.RowResult;
import dev.prompteval.internal.run.RunJournal;
import dev.prompteval.internal.run.RunOptions;
import dev.prompteval.internal.run.RunOutcome;
import dev.prompteval.internal.run.RunSpec;
import dev.prompteval.internal.run.Runner;
import dev.prompteval.internal.score.RowScore;
import dev.prompteval.internal.template.PromptTemplate;
import dev.prompteval.provider.ModelProvider;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The runner's overhead over the ideal: 2 prompt versions x 2,000 rows at concurrency 64 against a stub that
 * answers after 50 ms, through real HTTP on loopback, with the run journal on. The ideal is N * L / C; the target
 * is a wall time within 1.2 times it. Prints wall time, ideal, ratio, calls per second, peak heap and CPU.
 *
 * <p>A round runs both versions at once within one concurrency, as the Maven plugin does, each with a fresh
 * journal. The first rounds warm the JVM up: they are printed but not counted, since until the JIT has compiled
 * the hot paths (OkHttp, Jackson, the runner) much of the CPU goes to compiling and to interpreted code, and on a
 * busy machine that, not the engine, sets the pace. Then the measured rounds and their median.
 *
 * <p>Run: {@code ./mvnw -B -q -pl prompt-eval-benchmark -am verify -Pbenchmark -DskipTests}. Arguments (all
 * optional): output directory, rows per version (2000), concurrency (64), latency in ms (50), warm-up rounds (3),
 * measured rounds (5).
 */
public final class RunnerBenchmark {
    private static final String[] VERSIONS = {
        "You summarise orders for {tier} customers in one sentence.",
        "You are a support agent. Summarise the order below for a {tier} customer, in one friendly sentence."
    };
    private static final double TARGET_RATIO = 1.2;

    private RunnerBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "target").resolve("prompt-eval-benchmark");
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        Duration latency = Duration.ofMillis(args.length > 3 ? Long.parseLong(args[3]) : 50);
        int warmups = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 5;

        deleteRecursively(out);
        try (var stub = new ChatCompletionsStub(latency)) {
            ModelProvider provider = provider(stub.baseUrl(), concurrency);
            var runner = new Runner(provider, RunnerBenchmark::score,
                    RunOptions.defaults().withConcurrency(concurrency).withProgressInterval(Duration.ofSeconds(1)));
            var round = new Round(runner, stub, rows, latency, concurrency);

            for (int i = 1; i <= warmups; i++) {
                System.out.printf(Locale.ROOT, "warm-up round %d (not counted): %s%n", i,
                        round.describe(round.run(out.resolve("warm-up-" + i))));
            }
            var heap = new HeapMeter();
            heap.start();
            var walls = new ArrayList<Double>();
            for (int i = 1; i <= rounds; i++) {
                double wall = round.run(out.resolve("round-" + i));
                walls.add(wall);
                System.out.printf(Locale.ROOT, "round %d: %s%n", i, round.describe(wall));
            }
            report(round, walls, heap);
            if (round.failures > 0) {
                System.out.println("FAILED: " + round.failures + " runs did not give one result per row without"
                        + " errors, or the stub did not see one call per (row, version)");
                System.exit(1);
            }
        }
    }

    /**
     * The product's own path: the OpenAI-compatible provider from {@link Providers}, behind the caching layer (without
     * a cache directory, so every call reaches the stub, as a first run would).
     */
    static ModelProvider provider(String baseUrl, int concurrency) {
        Providers providers = Providers.builder().maxConcurrency(concurrency).callTimeout(Duration.ofSeconds(60))
                .build();
        ModelProvider live = providers.create("openai-compatible", new ProviderOptions(baseUrl, null));
        return new CachingProvider(live, EvaluationMode.LIVE, null, null);
    }

    /** One round: every version over the rows, at once. */
    private static final class Round {
        private final Runner runner;
        private final ChatCompletionsStub stub;
        private final int rows;
        private final Duration latency;
        private final int concurrency;
        private int failures;

        Round(Runner runner, ChatCompletionsStub stub, int rows, Duration latency, int concurrency) {
            this.runner = runner;
            this.stub = stub;
            this.rows = rows;
            this.latency = latency;
            this.concurrency = concurrency;
        }

        long calls() {
            return (long) rows * VERSIONS.length;
        }

        /** N * L / C: the wall time if every call took exactly the latency and all C slots were always busy. */
        double ideal() {
            return calls() * (latency.toMillis() / 1000.0) / concurrency;
        }

        /** Runs the round with its journals under {@code dir}; returns the wall time in seconds. */
        double run(Path dir) {
            long before = stub.requests();
            long start = System.nanoTime();
            for (RunOutcome outcome : runVersions(dir)) {
                System.out.println("  " + outcome.message());
                if (!outcome.result().complete() || outcome.result().rows().size() != rows
                        || outcome.result().rows().stream().anyMatch(RowResult::errored)) {
                    failures++;
                }
            }
            double wall = (System.nanoTime() - start) / 1e9;
            if (stub.requests() - before != calls()) failures++;
            return wall;
        }

        String describe(double wall) {
            return String.format(Locale.ROOT, "%d calls in %.3f s, ratio %.3f, %.0f calls/s", calls(), wall,
                    wall / ideal(), calls() / wall);
        }

        private List<RunOutcome> runVersions(Path dir) {
            var jobs = new ArrayList<Runner.Job>();
            var journals = new ArrayList<RunJournal>();
            try {
                for (int version = 0; version < VERSIONS.length; version++) {
                    PromptTemplate template = template(version);
                    var spec = new RunSpec("orders", "order-summary", "version:" + (version + 1), version + 1,
                            template, template.model(), "sha256:benchmark-" + rows, 1);
                    var journal = RunJournal.open(RunJournal.fileFor(dir, spec), spec);
                    journals.add(journal);
                    String name = "v" + (version + 1);
                    jobs.add(new Runner.Job(runner, spec, dataset(rows), journal,
                            progress -> System.out.println("  " + name + ": " + progress.summary())));
                }
                return Runner.runTogether(jobs, new CancellationToken());
            } finally {
                journals.forEach(RunJournal::close);
            }
        }
    }

    static PromptTemplate template(int version) {
        return PromptTemplate.parse("""
                {"prompt_template": {"type": "chat", "messages": [
                   {"role": "system", "content": [{"type": "text", "text": "%s"}], "template_format": "f-string"},
                   {"role": "user", "content": "Order {order_id}: {items}. Notes: {notes}"}]},
                 "metadata": {"model": {"provider": "openai", "name": "gpt-4o-mini",
                   "parameters": {"temperature": 0, "max_tokens": 200}}}}""".formatted(VERSIONS[version]),
                "order-summary v" + (version + 1));
    }

    static List<Row> dataset(int size) {
        var rows = new ArrayList<Row>(size);
        for (int i = 1; i <= size; i++) {
            Map<String, String> variables = Map.of(
                    "tier", i % 3 == 0 ? "gold" : "standard",
                    "order_id", "A-" + (100_000 + i),
                    "items", "2x oolong tea (250 g), 1x cast-iron teapot, " + (i % 5 + 1) + "x ceramic cups",
                    "notes", "deliver to the back door; customer since " + (2010 + i % 14));
            rows.add(new Row("row-" + i, i, i + 1, variables, List.of(), null, null, null, Map.of(), Set.of(),
                    null));
        }
        return rows;
    }

    /** Stands in for the real row scorer: cheap, like the deterministic assertions most rows carry. */
    static RowScore score(Row row, String output) {
        boolean pass = output.contains("order");
        return new RowScore(pass ? 1.0 : 0.0, pass, pass ? "mentions the order" : "does not mention the order",
                List.of(), Map.of());
    }

    private static void report(Round round, List<Double> walls, HeapMeter heap) {
        double median = walls.stream().sorted().toList().get(walls.size() / 2);
        double ratio = median / round.ideal();
        long calls = round.calls() * walls.size();
        System.out.printf(Locale.ROOT, "%nrunner benchmark: %d versions x %d rows per round, concurrency %d, "
                + "latency %d ms, %d measured rounds%n", VERSIONS.length, round.rows, round.concurrency,
                round.latency.toMillis(), walls.size());
        System.out.printf(Locale.ROOT, "  wall         %.3f s (median; rounds: %s)%n", median, walls.stream()
                .map(w -> String.format(Locale.ROOT, "%.3f", w)).toList());
        System.out.printf(Locale.ROOT, "  ideal N*L/C  %.3f s%n", round.ideal());
        System.out.printf(Locale.ROOT, "  ratio        %.3f (target <= %.1f: %s)%n", ratio, TARGET_RATIO,
                ratio <= TARGET_RATIO ? "met" : "MISSED");
        System.out.printf(Locale.ROOT, "  calls/s      %.0f%n", round.calls() / median);
        System.out.printf(Locale.ROOT, "  peak heap    %.1f MiB (max %.0f MiB), %d GCs taking %d ms%n",
                heap.peakHeapBytes() / 1048576.0, heap.maxHeapBytes() / 1048576.0, heap.collections(),
                heap.collectionMillis());
        System.out.printf(Locale.ROOT, "  CPU          %.0f us per call for the whole process, stub included%n",
                heap.cpuMillis() * 1000.0 / calls);
        System.out.printf(Locale.ROOT, "  machine      %s %s, %d processors, load average %.1f%n",
                System.getProperty("java.vm.name"), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), heap.loadAverage());
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(path);
        }
    }
}
