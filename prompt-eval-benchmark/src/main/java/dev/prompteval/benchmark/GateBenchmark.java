package dev.prompteval.benchmark;

import dev.prompteval.gate.GatePolicy;
import dev.prompteval.internal.gate.GateResult;
import dev.prompteval.internal.gate.GateRules;
import dev.prompteval.internal.provider.EvaluationMode;
import dev.prompteval.internal.provider.Providers;
import dev.prompteval.internal.registry.file.FileRegistry;
import dev.prompteval.internal.run.CancellationToken;
import dev.prompteval.internal.run.RunOptions;
import dev.prompteval.internal.score.Scorers;
import dev.prompteval.internal.suite.EvaluationSettings;
import dev.prompteval.internal.suite.SuiteEvaluator;
import dev.prompteval.internal.suite.SuiteOutcome;
import dev.prompteval.internal.suite.SuiteSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * What a team would see of the gate on a nondeterministic model: the real suite evaluator (file registry, dataset,
 * OpenAI-compatible provider over HTTP, scorers, gate) against {@link FlippingModel}, many suites per scenario, and
 * how often the gate blocked.
 *
 * <p>Run: {@code ./mvnw -B -q -pl prompt-eval-benchmark -am verify -Pgate-benchmark -DskipTests}
 * (optionally {@code -Dgate.scale=0.25} for a quicker, rougher table).
 */
public final class GateBenchmark {
    private static final int BUILD_SIZE = 10;

    private final Path work;
    private final FlippingModel model;
    private final Providers providers;
    private int suiteCounter;

    private GateBenchmark(Path work, FlippingModel model) {
        this.work = work;
        this.model = model;
        this.providers = Providers.builder().maxConcurrency(64).callTimeout(Duration.ofSeconds(60)).build();
    }

    /** One row of the table: a kind of change, measured over many suites. */
    record Scenario(String label, int rows, double flip, double drop, double broken, int suites, int repeat,
                    UnaryOperator<GateRules.Builder> rules) {
    }

    record Tally(Scenario scenario, int pass, int fail, int inconclusive, int blocked, int builds, int buildsBlocked,
                 double samplesPerRow, double seconds) {
        String line() {
            int n = pass + fail + inconclusive;
            String builds = this.builds == 0 ? "" : String.format(Locale.ROOT, "%d of %d (%.1f%%)", buildsBlocked,
                    this.builds, 100.0 * buildsBlocked / this.builds);
            return String.format(Locale.ROOT, "| %s | %,d | %.2f | %d | %d | %d | %d | %d of %d (%.1f%%) | %s | %.2f |"
                            + " %.0f s |", scenario.label(), scenario.rows(), scenario.flip(), n, pass, fail,
                    inconclusive, blocked, n, 100.0 * blocked / n, builds, samplesPerRow, seconds);
        }
    }

    public static void main(String[] args) throws Exception {
        double scale = Double.parseDouble(System.getProperty("gate.scale", "1"));
        Path work = Files.createTempDirectory("gate-benchmark");
        try (var model = new FlippingModel(8)) {
            var bench = new GateBenchmark(work, model);
            List<Scenario> scenarios = scenarios(scale);
            System.out.println("| change | rows | flip | suites | PASS | FAIL | INCONCLUSIVE | blocked | builds of "
                    + BUILD_SIZE + " blocked | samples per row | time |");
            System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
            for (Scenario scenario : scenarios) {
                System.out.println(bench.measure(scenario).line());
            }
            System.out.println("calls answered: " + model.calls());
        }
    }

    static List<Scenario> scenarios(double scale) {
        var list = new ArrayList<Scenario>();
        UnaryOperator<GateRules.Builder> defaults = b -> b;
        for (double flip : new double[] {0.05, 0.1, 0.2}) {
            list.add(new Scenario("unchanged", 50, flip, 0, 0, suites(200, scale), 1, defaults));
            list.add(new Scenario("unchanged", 200, flip, 0, 0, suites(100, scale), 1, defaults));
            list.add(new Scenario("unchanged", 2000, flip, 0, 0, suites(40, scale), 1, defaults));
        }
        for (double flip : new double[] {0.05, 0.1}) {
            list.add(new Scenario("10-point drop", 200, flip, 0.1, 0, suites(100, scale), 1, defaults));
            list.add(new Scenario("10-point drop", 500, flip, 0.1, 0, suites(100, scale), 1, defaults));
        }
        for (int rows : new int[] {50, 200, 2000}) {
            list.add(new Scenario("deterministic drop = margin", rows, 0, 0, 0.02, suites(rows == 2000 ? 100 : 200,
                    scale), 1, defaults));
        }
        UnaryOperator<GateRules.Builder> strict = b -> b.policy(GatePolicy.REQUIRE_SHOWN_WITHIN_MARGIN)
                .maxRegression(0.05).maxRepeat(8);
        list.add(new Scenario("unchanged, strict, maxRepeat 8, margin 0.05", 200, 0.1, 0, 0, suites(100, scale), 1,
                strict));
        list.add(new Scenario("10-point drop, strict, maxRepeat 8, margin 0.05", 200, 0.1, 0.1, 0,
                suites(50, scale), 1, strict));
        return list;
    }

    private static int suites(int base, double scale) {
        return Math.max(BUILD_SIZE, (int) Math.round(base * scale / BUILD_SIZE) * BUILD_SIZE);
    }

    Tally measure(Scenario scenario) throws IOException {
        long start = System.nanoTime();
        Path project = work.resolve("s" + (suiteCounter++));
        Files.createDirectories(project);
        Path dataset = project.resolve("questions.csv");
        var csv = new StringBuilder("__id,question,__expected\n");
        for (int i = 1; i <= scenario.rows(); i++) csv.append("r-").append(i).append(",q-").append(i).append(",A-")
                .append(i).append('\n');
        Files.writeString(dataset, csv);
        var registry = new FileRegistry(project.resolve("prompt-registry"));
        String baselineDirectives = "flip=" + scenario.flip();
        registry.publish("bench/answers", template(baselineDirectives), "baseline", List.of("prod"), null);
        List<GateResult> gates = new ArrayList<>();
        long calls = 0;
        for (int s = 0; s < scenario.suites(); s++) {
            // Each suite its own response cache: staged sampling gets its earlier samples back from it, and no
            // suite sees another's answers.
            var settings = new EvaluationSettings(project, project.resolve("target"), registry,
                    EvaluationMode.LIVE, project.resolve("recordings"), project.resolve("cache-" + s),
                    RunOptions.defaults().withConcurrency(64), providers, Scorers.defaults(), null);
            var evaluator = new SuiteEvaluator(settings);
            long before = model.calls();
            // The candidate is the same prompt but for a trailing space, or carries the change the scenario makes.
            String directives = baselineDirectives + (scenario.drop() > 0 ? " drop=" + scenario.drop() : "")
                    + (scenario.broken() > 0 ? " broken=" + scenario.broken() + " seed=" + s : "") + " ";
            Path candidate = project.resolve("candidate-" + s + ".json");
            Files.writeString(candidate, template(directives).toJson().toString(), StandardCharsets.UTF_8);
            var spec = new SuiteSpec("suite-" + s, "bench/answers", "file:" + candidate.getFileName(), "label:prod",
                    List.of(dataset.getFileName()), null, model.baseUrl(), scenario.repeat(), List.of(),
                    scenario.rules().apply(GateRules.builder()).build(), false);
            SuiteOutcome outcome = evaluator.evaluate(evaluator.prepare(spec), (suite, reference, progress) -> { },
                    new CancellationToken());
            gates.add(outcome.gate());
            calls += model.calls() - before;
        }
        int pass = 0;
        int fail = 0;
        int inconclusive = 0;
        int blocked = 0;
        for (GateResult gate : gates) {
            switch (gate.decision()) {
                case PASS -> pass++;
                case FAIL -> fail++;
                case INCONCLUSIVE -> inconclusive++;
            }
            if (gate.blocking()) blocked++;
        }
        int builds = 0;
        int buildsBlocked = 0;
        if (scenario.label().equals("unchanged")) {
            for (int b = 0; b + BUILD_SIZE <= gates.size(); b += BUILD_SIZE) {
                builds++;
                if (buildBlocks(gates.subList(b, b + BUILD_SIZE))) buildsBlocked++;
            }
        }
        // Calls actually made per row and version: what staged sampling spends.
        return new Tally(scenario, pass, fail, inconclusive, blocked, builds, buildsBlocked,
                (double) calls / (2.0 * scenario.rows() * scenario.suites()), (System.nanoTime() - start) / 1e9);
    }

    /** Whether a build of these suites is blocked: decided together, as one build's evaluation decides them. */
    private static boolean buildBlocks(List<GateResult> suites) {
        return dev.prompteval.internal.gate.Gate.decideTogether(suites).stream().anyMatch(GateResult::blocking);
    }

    private static dev.prompteval.internal.template.PromptTemplate template(String directives) {
        String json = "{\"prompt_template\": {\"type\": \"chat\", \"messages\": ["
                + "{\"role\": \"system\", \"content\": \"Answer with the code for the question. " + directives + "\"},"
                + "{\"role\": \"user\", \"content\": \"{question}\"}]},"
                + "\"metadata\": {\"model\": {\"provider\": \"openai-compatible\", \"name\": \"flipper\","
                + " \"parameters\": {\"temperature\": 0}}}}";
        return dev.prompteval.internal.template.PromptTemplate.parse(json, "bench");
    }
}
