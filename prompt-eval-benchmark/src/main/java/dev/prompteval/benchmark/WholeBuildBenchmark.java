package dev.prompteval.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A user's whole build, measured as whole processes: a generated project (2 prompt versions, N rows, a CSV with
 * {@code equals} assertions, the plugin configured as a team would) evaluated by {@code mvn verify} in a fresh JVM
 * each run, against the loopback OpenAI-compatible {@link ChatCompletionsStub} answering after L ms. Prints the
 * medians of wall time, CPU (user + sys of the process tree, from {@code /usr/bin/time}) and peak RSS, next to the
 * machine's load average, and compares them with Maven's own floor ({@code mvn validate} on the same project) plus
 * the ideal N·L/C, with {@code -DpromptEval.skip=true} against the same project without the plugin, and, when
 * {@code --promptfoo DIR} names an npm prefix holding {@code node@22} and {@code promptfoo}, with
 * {@code promptfoo eval -j C} on the same CSV and model. {@code --only shards} measures what sharding costs: the
 * same suite as 3 shard builds ({@code -DpromptEval.shard=I/3}, one after another on this machine) and their
 * {@code prompt-eval:merge}, against one {@code mvn verify}; the merged {@code gate.json} must equal the whole run's.
 * {@code --only resume} stops a build with SIGTERM at half its calls, as a CI job's timeout would, and builds again:
 * how soon the first stops, and what the second costs resuming from the journal.
 *
 * <p>Run it through {@code prompt-eval-benchmark/whole-build.sh} (which installs the reactor first); the options are
 * listed in {@link Options#usage()}.
 */
public final class WholeBuildBenchmark {
    private static final String ANSWER = "Order A-100042: two packs of oolong tea, a cast-iron teapot and three ceramic"
            + " cups; the order is complete and ships within 2 days.";

    private final Options options;
    private final Path work;

    private WholeBuildBenchmark(Options options) {
        this.options = options;
        this.work = options.work;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        new WholeBuildBenchmark(options).run();
    }

    private void run() throws Exception {
        Files.createDirectories(work);
        System.out.printf(Locale.ROOT, "whole-build benchmark: %s project, %d rows x 2 versions, C = %d, L = %d ms,"
                        + " cache off, %d warm-up + %d measured runs each, MAVEN_OPTS=%s%n", options.packaging,
                options.rows, options.concurrency, options.latencyMs, options.warmups, options.runs,
                options.mavenOpts.isEmpty() ? "(none)" : options.mavenOpts);
        try (var stub = new ChatCompletionsStub(Duration.ofMillis(options.latencyMs))) {
            Path withPlugin = work.resolve("with-plugin");
            Path without = work.resolve("without-plugin");
            GeneratedProject.write(withPlugin, options.rows, options.concurrency, stub.baseUrl(), true, ANSWER,
                    options.packaging);
            GeneratedProject.write(without, options.rows, options.concurrency, stub.baseUrl(), false, ANSWER,
                    options.packaging);
            var results = new LinkedHashMap<String, Stats>();
            long calls = 2L * options.rows;
            for (String what : options.only) {
                switch (what) {
                    case "verify" -> results.put("mvn verify with prompt-eval",
                            measure("verify", withPlugin, stub, calls, mvn(withPlugin, "verify")));
                    case "validate" -> results.put("mvn validate (Maven's floor)",
                            measure("validate", withPlugin, stub, 0, mvn(withPlugin, "validate")));
                    case "skip" -> results.put("mvn verify -DpromptEval.skip=true",
                            measure("skip", withPlugin, stub, 0, mvn(withPlugin, "verify", "-DpromptEval.skip=true")));
                    case "bare" -> results.put("mvn verify without the plugin",
                            measure("bare", without, stub, 0, mvn(without, "verify")));
                    case "shards" -> shards(withPlugin, stub, calls, results);
                    case "resume" -> resume(withPlugin, stub, calls, results);
                    case "promptfoo" -> {
                        if (options.promptfoo == null) {
                            System.out.println("promptfoo: skipped (no --promptfoo DIR)");
                        } else {
                            results.put("promptfoo eval -j " + options.concurrency,
                                    measure("promptfoo", withPlugin, stub, calls, promptfoo(withPlugin)));
                        }
                    }
                    default -> throw new IllegalArgumentException("--only: unknown measurement " + what);
                }
            }
            summarize(results);
        }
    }

    /** Runs the command warm-up + measured times; every run must succeed and make exactly {@code calls} calls. */
    private Stats measure(String name, Path project, ChatCompletionsStub stub, long calls, List<String> command)
            throws IOException, InterruptedException {
        var measured = new ArrayList<Sample>();
        for (int i = 0; i < options.warmups + options.runs; i++) {
            boolean warmup = i < options.warmups;
            deleteTree(project.resolve("target"));
            Path log = work.resolve(name + "-" + (i + 1) + ".log");
            Sample sample = ChildProcess.run(command, project, log, environment(), stub, options.histogramAfter);
            long made = sample.calls();
            if (sample.exitCode() != 0) {
                throw new IllegalStateException(name + " run " + (i + 1) + " exited with " + sample.exitCode()
                        + "; see " + log);
            }
            if (made != calls) {
                throw new IllegalStateException(name + " run " + (i + 1) + " made " + made + " model calls, expected "
                        + calls + "; see " + log);
            }
            Timeline timeline = name.equals("verify") ? Timeline.of(log, sample) : null;
            System.out.printf(Locale.ROOT, "%-9s %s %d: %s%s%n", name, warmup ? "warm-up" : "run", i + 1,
                    sample.describe(), timeline == null ? "" : "\n            " + timeline);
            if (sample.heap() != null) System.out.println("            " + sample.heap());
            if (!warmup) measured.add(sample);
        }
        return new Stats(measured);
    }

    /**
     * Warm-up + measured rounds of 3 shard builds and their merge. Each round's shards together must make exactly
     * {@code calls} calls, the merge none, and the merged gate.json must equal an unsharded run's (made first).
     */
    private void shards(Path project, ChatCompletionsStub stub, long calls, Map<String, Stats> results)
            throws IOException, InterruptedException {
        int total = 3;
        deleteTree(project.resolve("target"));
        Sample whole = ChildProcess.run(mvn(project, "verify", "-DpromptEval.outputDirectory=target/whole"), project,
                work.resolve("shards-whole.log"), environment(), stub, null);
        if (whole.exitCode() != 0) throw new IllegalStateException("the unsharded run failed; see shards-whole.log");
        String expected = Files.readString(project.resolve("target/whole/gate.json"));
        var shardRuns = new ArrayList<List<Sample>>();
        var merges = new ArrayList<Sample>();
        for (int i = 0; i < options.warmups + options.runs; i++) {
            boolean warmup = i < options.warmups;
            deleteTree(project.resolve("target/ci"));
            deleteTree(project.resolve("target/prompt-eval"));
            var round = new ArrayList<Sample>();
            long made = 0;
            for (int shard = 1; shard <= total; shard++) {
                Path log = work.resolve("shard-" + shard + "-of-" + total + "-" + (i + 1) + ".log");
                Sample sample = ChildProcess.run(mvn(project, "verify", "-DpromptEval.shard=" + shard + "/" + total,
                        "-DpromptEval.outputDirectory=target/ci/shard-" + shard), project, log, environment(), stub,
                        null);
                if (sample.exitCode() != 0) throw new IllegalStateException("shard " + shard + " failed; see " + log);
                made += sample.calls();
                round.add(sample);
            }
            Path log = work.resolve("merge-" + (i + 1) + ".log");
            Sample merge = ChildProcess.run(mvn(project, "prompt-eval:merge", "-DpromptEval.shardsDirectory=target/ci"),
                    project, log, environment(), stub, null);
            if (merge.exitCode() != 0 || merge.calls() != 0) {
                throw new IllegalStateException("the merge failed or called the model; see " + log);
            }
            if (made != calls) throw new IllegalStateException("the shards made " + made + " calls, expected " + calls);
            String merged = Files.readString(project.resolve("target/prompt-eval/gate.json"));
            if (!merged.equals(expected)) {
                throw new IllegalStateException("the merged gate.json differs from the unsharded run's; see "
                        + project.resolve("target"));
            }
            for (int shard = 0; shard < total; shard++) {
                System.out.printf(Locale.ROOT, "shard %d/%d %s %d: %s%n", shard + 1, total, warmup ? "warm-up" : "run",
                        i + 1, round.get(shard).describe());
            }
            System.out.printf(Locale.ROOT, "merge     %s %d: %s%n", warmup ? "warm-up" : "run", i + 1,
                    merge.describe());
            if (!warmup) {
                shardRuns.add(round);
                merges.add(merge);
            }
        }
        // Three runners in parallel wait for the slowest shard, then the merge job; one machine pays for all four.
        var slowest = new ArrayList<Sample>();
        var together = new ArrayList<Sample>();
        var slowestPlusMerge = new ArrayList<Sample>();
        for (int r = 0; r < shardRuns.size(); r++) {
            List<Sample> round = shardRuns.get(r);
            Sample max = round.stream().max(java.util.Comparator.comparingDouble(Sample::wallSeconds)).orElseThrow();
            slowest.add(max);
            Sample merge = merges.get(r);
            double wall = merge.wallSeconds();
            double cpu = merge.cpuSeconds();
            double rss = merge.peakRssMiB();
            for (Sample s : round) {
                wall += s.wallSeconds();
                cpu += s.cpuSeconds();
                rss = Math.max(rss, s.peakRssMiB());
            }
            together.add(summed(wall, cpu, rss, round.get(0).loadBefore(), calls));
            slowestPlusMerge.add(summed(max.wallSeconds() + merge.wallSeconds(), max.cpuSeconds() + merge.cpuSeconds(),
                    Math.max(max.peakRssMiB(), merge.peakRssMiB()), max.loadBefore(), max.calls()));
        }
        results.put("slowest of 3 shard builds (`verify -DpromptEval.shard=I/3`)", new Stats(slowest));
        results.put("`prompt-eval:merge`", new Stats(merges));
        results.put("3 shards + merge on 3 runners (slowest shard, then the merge)", new Stats(slowestPlusMerge));
        results.put("3 shards + merge, all four builds summed", new Stats(together));
    }

    /**
     * Warm-up + measured rounds of a build stopped by SIGTERM once half its calls were made, then the same build
     * again. The stopped build must exit within a few seconds with every answer it received journaled; the second
     * must finish, making only the calls the journal lacks.
     */
    private void resume(Path project, ChatCompletionsStub stub, long calls, Map<String, Stats> results)
            throws IOException, InterruptedException {
        var stopped = new ArrayList<Sample>();
        var resumed = new ArrayList<Sample>();
        Path journals = project.resolve("target").resolve("prompt-eval").resolve("journal");
        for (int i = 0; i < options.warmups + options.runs; i++) {
            boolean warmup = i < options.warmups;
            String round = (warmup ? "warm-up " : "run ") + (i + 1);
            deleteTree(project.resolve("target"));
            Path log = work.resolve("resume-stopped-" + (i + 1) + ".log");
            Sample first = ChildProcess.run(mvn(project, "verify"), project, log, environment(), stub, null,
                    calls / 2);
            if (first.terminatedNanos() == 0 || first.exitCode() == 0) {
                throw new IllegalStateException("resume " + round + ": the build was not stopped by SIGTERM (exit "
                        + first.exitCode() + "); see " + log);
            }
            double stopSeconds = (first.startNanos() + (long) (first.wallSeconds() * 1e9) - first.terminatedNanos())
                    / 1e9;
            long journaled = journaledResults(journals);
            if (journaled > first.calls() || journaled < first.calls() - options.concurrency) {
                throw new IllegalStateException("resume " + round + ": the journal holds " + journaled + " results of"
                        + " the " + first.calls() + " calls made; see " + log);
            }
            Path again = work.resolve("resume-" + (i + 1) + ".log");
            Sample second = ChildProcess.run(mvn(project, "verify"), project, again, environment(), stub, null);
            if (second.exitCode() != 0) {
                throw new IllegalStateException("resume " + round + ": the resumed build exited with "
                        + second.exitCode() + "; see " + again);
            }
            if (second.calls() != calls - journaled) {
                throw new IllegalStateException("resume " + round + ": the resumed build made " + second.calls()
                        + " calls, expected the " + (calls - journaled) + " the journal lacks; see " + again);
            }
            System.out.printf(Locale.ROOT, "stopped   %s: SIGTERM after %d calls, exit %d %.2f s later, %d answers"
                    + " journaled; %s%n", round, first.calls(), first.exitCode(), stopSeconds, journaled,
                    first.describe());
            if (first.heap() != null) System.out.println("            " + first.heap());
            System.out.printf(Locale.ROOT, "resumed   %s: %s%n", round, second.describe());
            if (second.heap() != null) System.out.println("            " + second.heap());
            if (!warmup) {
                stopped.add(first);
                resumed.add(second);
            }
        }
        results.put("mvn verify stopped by SIGTERM at half the calls", new Stats(stopped));
        results.put("mvn verify resumed from its journal", new Stats(resumed));
    }

    /** The results in the journals under {@code dir}: their complete lines, less each file's header line. */
    private static long journaledResults(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return 0;
        long results = 0;
        try (var files = Files.walk(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).toList()) {
                byte[] bytes = Files.readAllBytes(file);
                long lines = 0;
                for (byte b : bytes) if (b == '\n') lines++;
                results += Math.max(0, lines - 1);
            }
        }
        return results;
    }

    private static Sample summed(double wall, double cpu, double rss, double load, long calls) {
        return new Sample(0, wall, cpu, rss, load, calls, new long[0], 0, 0, 0, null, 0);
    }

    private List<String> mvn(Path project, String... goals) {
        var command = new ArrayList<>(List.of(options.repo.resolve("mvnw").toString(), "-B", "-ntp",
                "-Dmaven.repo.local=" + options.mavenRepo, "-f", project.resolve("pom.xml").toString(),
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS"));
        command.addAll(Arrays.asList(goals));
        return command;
    }

    private List<String> promptfoo(Path project) {
        Path bin = options.promptfoo.resolve("node_modules").resolve(".bin");
        return List.of(bin.resolve("node").toString(), bin.resolve("promptfoo").toString(), "eval", "-c",
                project.resolve("promptfooconfig.yaml").toString(), "-j", Integer.toString(options.concurrency),
                "--no-cache", "--no-progress-bar", "--no-table", "-o",
                work.resolve("promptfoo-results.json").toString());
    }

    private Map<String, String> environment() {
        var env = new LinkedHashMap<String, String>();
        // A live run needs a key; the loopback model does not look at it.
        env.put("OPENAI_API_KEY", "sk-whole-build-benchmark");
        env.put("MAVEN_OPTS", options.mavenOpts);
        env.put("PROMPTFOO_CONFIG_DIR", work.resolve("promptfoo-home").toString());
        env.put("PROMPTFOO_DISABLE_TELEMETRY", "1");
        env.put("PROMPTFOO_DISABLE_UPDATE", "1");
        env.put("PROMPTFOO_DISABLE_SHARING", "1");
        if (options.promptfoo != null) {
            env.put("PATH", options.promptfoo.resolve("node_modules").resolve(".bin") + ":" + System.getenv("PATH"));
        }
        return env;
    }

    private void summarize(Map<String, Stats> results) {
        System.out.println();
        System.out.println("| | wall | CPU (user+sys) | peak RSS | load average (1 min) |");
        System.out.println("| --- | --- | --- | --- | --- |");
        results.forEach((name, stats) -> System.out.printf(Locale.ROOT, "| %s | %.2f s | %.2f s | %.0f MiB | %s |%n",
                name, stats.median(Sample::wallSeconds), stats.median(Sample::cpuSeconds),
                stats.median(Sample::peakRssMiB), stats.loads()));
        double ideal = options.rows * 2.0 * options.latencyMs / 1000.0 / options.concurrency;
        Stats verify = results.get("mvn verify with prompt-eval");
        Stats floor = results.get("mvn validate (Maven's floor)");
        if (verify != null && floor != null) {
            double limit = floor.median(Sample::wallSeconds) + ideal;
            System.out.printf(Locale.ROOT, "physical limit: floor %.2f s + N·L/C %.3f s = %.2f s; verify takes"
                    + " %.2f times that%n", floor.median(Sample::wallSeconds), ideal, limit,
                    verify.median(Sample::wallSeconds) / limit);
        }
        Stats skip = results.get("mvn verify -DpromptEval.skip=true");
        Stats bare = results.get("mvn verify without the plugin");
        if (skip != null && bare != null) {
            System.out.printf(Locale.ROOT, "promptEval.skip=true costs %+.2f s wall, %+.2f s CPU over no plugin%n",
                    skip.median(Sample::wallSeconds) - bare.median(Sample::wallSeconds),
                    skip.median(Sample::cpuSeconds) - bare.median(Sample::cpuSeconds));
        }
        Stats promptfoo = results.get("promptfoo eval -j " + options.concurrency);
        if (verify != null && promptfoo != null) {
            System.out.printf(Locale.ROOT, "promptfoo / prompt-eval: wall %.2fx, CPU %.2fx, peak RSS %.2fx%n",
                    promptfoo.median(Sample::wallSeconds) / verify.median(Sample::wallSeconds),
                    promptfoo.median(Sample::cpuSeconds) / verify.median(Sample::cpuSeconds),
                    promptfoo.median(Sample::peakRssMiB) / verify.median(Sample::peakRssMiB));
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var paths = Files.walk(dir)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** The measured runs of one command. */
    private record Stats(List<Sample> samples) {
        double median(ToDoubleFunction<Sample> value) {
            double[] values = samples.stream().mapToDouble(value).sorted().toArray();
            if (values.length == 0) return Double.NaN;
            int mid = values.length / 2;
            return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
        }

        String loads() {
            return String.join(", ", samples.stream().map(s -> String.format(Locale.ROOT, "%.2f", s.loadBefore()))
                    .toList());
        }
    }

    /**
     * Where one cold {@code mvn verify} spends its time: JVM start to the evaluate goal (Maven's log timestamps), the
     * goal to the first model call, the first call to the last answer (both versions' calls, made at once), and the
     * last answer to the process's end.
     */
    record Timeline(double toGoal, double toFirstCall, double calls, double afterLastCall) {
        private static final Pattern GOAL = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) \\[INFO] --- prompt-eval:"
                + ".*:evaluate");

        static Timeline of(Path log, Sample sample) throws IOException {
            long goalMillis = -1;
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                Matcher m = GOAL.matcher(line);
                if (m.find()) {
                    goalMillis = LocalTime.parse(m.group(1)).atDate(LocalDate.now()).atZone(ZoneId.systemDefault())
                            .toInstant().toEpochMilli();
                    break;
                }
            }
            long[] arrivals = sample.arrivals();
            double toGoal = goalMillis < 0 ? Double.NaN : (goalMillis - sample.startEpochMillis()) / 1000.0;
            double firstCall = (arrivals[0] - sample.startNanos()) / 1e9;
            double last = (sample.lastAnswerNanos() - sample.startNanos()) / 1e9;
            return new Timeline(toGoal, firstCall - toGoal, last - firstCall, sample.wallSeconds() - last);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "to the goal %.2f s, goal to first call %.2f s, first call to last"
                    + " answer %.2f s, after the last answer %.2f s", toGoal, toFirstCall, calls, afterLastCall);
        }
    }

    /** Command-line options. */
    static final class Options {
        int rows = 2_000;
        int concurrency = 64;
        long latencyMs = 50;
        int warmups = 1;
        int runs = 3;
        Path repo = Path.of(".").toAbsolutePath().normalize();
        Path mavenRepo = Path.of(System.getProperty("user.home"), ".m2", "repository");
        Path work = Path.of("prompt-eval-benchmark", "target", "whole-build").toAbsolutePath();
        Path promptfoo;
        String mavenOpts = "";
        String packaging = "jar";
        List<String> only = List.of("verify", "validate", "skip", "bare", "promptfoo");  // and "shards", "resume"
        Duration histogramAfter;

        static String usage() {
            return "options: --rows N (2000) --concurrency C (64) --latency-ms L (50) --warmups W (1) --runs R (3)"
                    + " --repo DIR (.) --maven-repo DIR (~/.m2/repository) --work DIR"
                    + " (prompt-eval-benchmark/target/whole-build) --promptfoo NPM_PREFIX (none: promptfoo skipped)"
                    + " --maven-opts 'OPTS' (e.g. -Xmx256m) --packaging jar|pom (jar)"
                    + " --only verify,validate,skip,bare,promptfoo,shards,resume"
                    + " --histogram-after SECONDS (a heap histogram of the build's JVM that long after its start)";
        }

        static Options parse(String[] args) {
            var o = new Options();
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (name.equals("--help")) {
                    System.out.println(usage());
                    System.exit(0);
                }
                if (i + 1 >= args.length) throw new IllegalArgumentException(name + " needs a value; " + usage());
                String value = args[++i];
                switch (name) {
                    case "--rows" -> o.rows = Integer.parseInt(value);
                    case "--concurrency" -> o.concurrency = Integer.parseInt(value);
                    case "--latency-ms" -> o.latencyMs = Long.parseLong(value);
                    case "--warmups" -> o.warmups = Integer.parseInt(value);
                    case "--runs" -> o.runs = Integer.parseInt(value);
                    case "--repo" -> o.repo = Path.of(value).toAbsolutePath().normalize();
                    case "--maven-repo" -> o.mavenRepo = Path.of(value).toAbsolutePath().normalize();
                    case "--work" -> o.work = Path.of(value).toAbsolutePath().normalize();
                    case "--promptfoo" -> o.promptfoo = Path.of(value).toAbsolutePath().normalize();
                    case "--maven-opts" -> o.mavenOpts = value;
                    case "--packaging" -> o.packaging = value;
                    case "--only" -> o.only = List.of(value.split(","));
                    case "--histogram-after" -> o.histogramAfter = Duration.ofSeconds(Long.parseLong(value));
                    default -> throw new IllegalArgumentException("unknown option " + name + "; " + usage());
                }
            }
            if (!o.packaging.equals("jar") && !o.packaging.equals("pom")) {
                throw new IllegalArgumentException("--packaging is jar or pom; " + usage());
            }
            if (o.rows < 1 || o.concurrency < 1 || o.runs < 1 || o.warmups < 0) {
                throw new IllegalArgumentException("--rows, --concurrency and --runs must be at least 1; " + usage());
            }
            return o;
        }
    }
}
