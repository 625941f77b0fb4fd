package dev.prompteval.internal.shard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prompteval.internal.gate.GateRules;
import dev.prompteval.internal.registry.file.FileRegistry;
import dev.prompteval.internal.run.CancellationToken;
import dev.prompteval.internal.suite.Evaluation;
import dev.prompteval.internal.suite.EvaluationSession;
import dev.prompteval.internal.suite.PromptEvalSettings;
import dev.prompteval.internal.suite.SuiteConfigurationException;
import dev.prompteval.internal.suite.SuiteOutcome;
import dev.prompteval.internal.suite.SuiteProgress;
import dev.prompteval.internal.suite.SuiteResult;
import dev.prompteval.internal.suite.SuiteResultFile;
import dev.prompteval.internal.suite.SuiteSpec;
import dev.prompteval.internal.template.PromptTemplate;
import dev.prompteval.stats.IntervalMethod;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A suite run as shards and merged is decided exactly as the same suite run in one build, and shard files that do
 * not make up one split of one evaluation are refused, each with its own message naming the file. The model is
 * {@code dev.prompteval.internal.suite.GreetingTarget}, a deterministic stand-in that answers "HEY" when asked to shout, so
 * the candidate (which passes a row's tone on) regresses on the shouting rows.
 */
class ShardMergeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASELINE = "{\"prompt_template\": {\"type\": \"chat\", \"messages\": [{\"role\":"
            + " \"user\", \"content\": \"Say hello to {name}\"}]}, \"metadata\": {\"model\": {\"provider\":"
            + " \"java:dev.prompteval.internal.suite.GreetingTarget\", \"name\": \"greeter\"}}}";

    @TempDir
    Path project;

    @BeforeEach
    void project() throws IOException {
        new FileRegistry(project.resolve("prompt-registry")).publish("greet", PromptTemplate.parse(BASELINE,
                "greet"), "first", List.of("prod"), 0);
        candidate("Say {tone} hello to {name}");
        String[] names = {"Ada", "Bob", "Cleo", "Dmitri", "Eve", "Farouk", "Gus"};
        var open = new StringBuilder("__id,name,tone,__expected\n");
        var clustered = new StringBuilder("__id,name,tone,__cluster,__expected\n");
        for (int i = 0; i < 45; i++) {
            String name = names[i % names.length];
            String tone = i % 7 == 3 || i % 11 == 5 ? "shouting" : "calm";
            String expected = "\"levenshtein(0.5):Hello, " + name + "!".repeat(1 + i % 3) + "\"";
            open.append("r").append(i).append(',').append(name).append(',').append(tone).append(',')
                    .append(expected).append('\n');
            clustered.append("t").append(i).append(',').append(name).append(',').append(tone).append(",thread-")
                    .append(i / 3).append(',').append(expected).append('\n');
        }
        Files.writeString(project.resolve("open.csv"), open);
        Files.writeString(project.resolve("threads.csv"), clustered);
    }

    private void candidate(String text) throws IOException {
        Files.writeString(project.resolve("candidate.json"), BASELINE.replace("Say hello to {name}", text));
    }

    private static List<SuiteSpec> suites() {
        // The bootstrap resamples rows by their position: merged rows must come back in dataset order.
        GateRules bootstrap = GateRules.builder().interval(IntervalMethod.BOOTSTRAP).maxRegression(0.05).build();
        return List.of(
                new SuiteSpec("open", "greet", "file:candidate.json", "label:prod", List.of(Path.of("open.csv")),
                        null, null, 1, List.of(), bootstrap, null),
                new SuiteSpec("threads", "greet", "file:candidate.json", "label:prod",
                        List.of(Path.of("threads.csv")), null, null, 2, List.of("not-contains:Bye"),
                        GateRules.defaults(), null));
    }

    private EvaluationSession session(Path output) {
        Map<String, String> properties = Map.of("promptEval.outputDirectory", output.toString(),
                "promptEval.cache", "false");
        return EvaluationSession.open(PromptEvalSettings.read(properties::get, project), getClass().getClassLoader(),
                key -> null);
    }

    /** The unsharded build, as the plugin's evaluate goal runs it. */
    private void unsharded(Path output) {
        try (EvaluationSession session = session(output)) {
            Evaluation evaluation = session.evaluation(Clock.systemUTC());
            var results = new ArrayList<SuiteResult>();
            for (SuiteOutcome outcome : evaluation.run(suites(), SuiteProgress.NONE, new CancellationToken())) {
                SuiteResult result = Evaluation.resultOf(outcome);
                SuiteResultFile.write(output, result);
                results.add(result);
            }
            evaluation.report(results);
        }
    }

    private Path shard(Path output, int index, int total) {
        try (EvaluationSession session = session(output)) {
            return ShardRun.run(session, suites(), new Shard(index, total), SuiteProgress.NONE,
                    new CancellationToken()).file();
        }
    }

    private ShardMerge.Decided merge(Path shards, Path output) {
        try (EvaluationSession session = session(output)) {
            return ShardMerge.decide(session.evaluation(Clock.systemUTC()), output, ShardMerge.read(shards));
        }
    }

    @Test
    void threeShardsMergedDecideAsOneRunOfTheSameAnswers() throws IOException {
        unsharded(project.resolve("whole"));
        for (int i = 1; i <= 3; i++) shard(project.resolve("ci/job-" + i), i, 3);

        ShardMerge.Decided decided = merge(project.resolve("ci"), project.resolve("merged"));

        JsonNode whole = JSON.readTree(project.resolve("whole/gate.json").toFile());
        JsonNode merged = JSON.readTree(project.resolve("merged/gate.json").toFile());
        assertThat(merged).isEqualTo(whole);
        assertThat(whole.at("/suites/0/decision").asText()).isEqualTo(decided.reports().get(0).gate().decision()
                .name());
        assertThat(score(whole, 0).at("/interval/method").asText()).isEqualTo("BOOTSTRAP");
        assertThat(score(whole, 1).get("clustered").asBoolean()).isTrue();
        assertThat(score(whole, 1).get("clusters").asInt()).isEqualTo(15);
        assertThat(score(whole, 0).get("regressed").asInt()).as("the shouting rows").isEqualTo(9);
        for (String suite : List.of("open", "threads")) {
            assertThat(rows(project.resolve("merged/results/" + suite + ".json")))
                    .isEqualTo(rows(project.resolve("whole/results/" + suite + ".json")));
            assertThat(withoutTimings(JSON.readTree(project.resolve("merged/suites/" + suite + ".json").toFile())))
                    .isEqualTo(withoutTimings(JSON.readTree(project.resolve("whole/suites/" + suite + ".json")
                            .toFile())));
        }
        assertThat(Files.readString(project.resolve("merged/report.md")))
                .isEqualTo(Files.readString(project.resolve("whole/report.md")));
    }

    /** The overall score's comparison of suite {@code suite}. */
    private static JsonNode score(JsonNode gate, int suite) {
        for (JsonNode comparison : gate.at("/suites/" + suite + "/comparisons")) {
            if (comparison.get("metric").asText().equals("score")) return comparison;
        }
        throw new AssertionError("no score comparison in suite " + suite);
    }

    /** The rows' results as pushed, without what differs between any two runs (latency, cache). */
    private static JsonNode rows(Path file) throws IOException {
        JsonNode rows = withoutTimings(JSON.readTree(file.toFile()).get("rows"));
        assertThat(rows.size()).isEqualTo(45);
        return rows;
    }

    private static JsonNode withoutTimings(JsonNode node) {
        if (node instanceof ObjectNode object) object.remove(List.of("latencyMs", "cached"));
        node.forEach(ShardMergeTest::withoutTimings);
        return node;
    }

    @Test
    void aShardHoldsWholeClustersAndTogetherTheShardsHoldEveryRowOnce() {
        var held = new HashSet<String>();
        var clustersSeen = new HashSet<String>();
        for (int i = 1; i <= 3; i++) {
            ShardFile file = ShardFile.read(shard(project.resolve("ci/job-" + i), i, 3));
            ShardFile.ShardSuite threads = file.suites().get(1);
            assertThat(threads.rowCount()).isEqualTo(45);
            Set<String> clusters = new HashSet<>();
            threads.result().candidate().rows().forEach(row -> {
                assertThat(held.add(row.id())).as("row %s in one shard only", row.id()).isTrue();
                clusters.add(row.row().cluster());
            });
            assertThat(threads.result().baseline().rows()).hasSameSizeAs(threads.result().candidate().rows());
            clusters.forEach(cluster -> assertThat(clustersSeen.add(cluster)).as("cluster %s split", cluster)
                    .isTrue());
            assertThat(threads.positions()).hasSize(threads.result().candidate().rows().size());
        }
        assertThat(held).hasSize(45);
        assertThat(clustersSeen).hasSize(15);
    }

    @Test
    void aShardFileReadsBackAsWritten() throws IOException {
        Path file = shard(project.resolve("ci/job-2"), 2, 3);

        ShardFile read = ShardFile.read(file);
        Path again = read.write(project.resolve("again"));

        assertThat(Files.readString(again)).isEqualTo(Files.readString(file));
        assertThat(read.shard()).isEqualTo(new Shard(2, 3));
        assertThat(read.assignment()).isEqualTo(ShardAssignment.SCHEME);
        assertThat(read.settings()).containsEntry("promptEval.mode", "live")
                .containsEntry("promptEval.grader.model", "gpt-4o-mini");
        ShardFile.ShardSuite open = read.suites().get(0);
        assertThat(open.prompt()).isEqualTo("greet");
        assertThat(open.answerSettings()).containsEntry("repeat", "1").containsEntry("assertions", "[]");
        assertThat(read.suites().get(1).answerSettings()).containsEntry("repeat", "2")
                .containsEntry("assertions", "[\"not-contains:Bye\"]");
        assertThat(open.result().candidate().contentHash()).startsWith("sha256:")
                .isNotEqualTo(open.result().baseline().contentHash());
        assertThat(open.positions().keySet()).containsExactlyInAnyOrderElementsOf(
                open.result().candidate().rows().stream().map(r -> r.id()).toList());
        assertThat(PromptTemplate.of(open.candidateTemplate(), "greet").contentHash())
                .isEqualTo(open.result().candidate().contentHash());
    }

    @Test
    void aMissingShardIsRefusedNamingIt() {
        shard(project.resolve("ci/job-1"), 1, 3);
        shard(project.resolve("ci/job-3"), 3, 3);

        var error = catchThrowableOfType(ShardMergeException.class, () -> ShardMerge.read(project.resolve("ci")));

        assertThat(error.problems()).containsExactly("shard 2 of 3 is missing: no shard-2-of-3.json under "
                + project.resolve("ci") + " (found shards 1, 3); download every shard job's artifact into it, or run"
                + " the missing job, then merge again");
    }

    @Test
    void aShardThereTwiceIsRefusedNamingBothFiles() throws IOException {
        for (int i = 1; i <= 3; i++) shard(project.resolve("ci/job-" + i), i, 3);
        Path rerun = shard(project.resolve("ci/job-2-rerun"), 2, 3);
        Path first = project.resolve("ci/job-2/shards/shard-2-of-3.json");

        var error = catchThrowableOfType(ShardMergeException.class, () -> ShardMerge.read(project.resolve("ci")));

        // listed in path order ("job-2-rerun/..." sorts before "job-2/...")
        assertThat(error.problems()).containsExactly("shard 2 of 3 is there 2 times: " + rerun + ", " + first
                + " (a job that ran twice, say a re-run, uploads it again); keep one of them and merge again");
        assertThat(project.resolve("merged")).doesNotExist();
    }

    @Test
    void aShardOfOtherPromptContentIsRefusedNamingItAndTheContent() throws IOException {
        Path one = shard(project.resolve("ci/job-1"), 1, 3);
        shard(project.resolve("ci/job-2"), 2, 3);
        String evaluated = ShardFile.read(one).suites().get(0).result().candidate().contentHash();
        candidate("Say {tone} hello to {name}, please");
        Path other = shard(project.resolve("ci/job-3"), 3, 3);
        String changed = ShardFile.read(other).suites().get(0).result().candidate().contentHash();

        var error = catchThrowableOfType(ShardMergeException.class, () -> ShardMerge.read(project.resolve("ci")));

        assertThat(error.problems()).containsExactly("shard file " + other + " (shard 3 of 3) did not evaluate what "
                + one + " (shard 1 of 3) did: suite open: other candidate prompt content (" + changed + ", not "
                + evaluated + "); suite threads: other candidate prompt content (" + changed + ", not " + evaluated
                + "); run every shard from the same commit and command line, then merge again");
    }

    @Test
    void shardsOfAnotherSplitDatasetOrRulesAreRefused() throws IOException {
        Path one = shard(project.resolve("ci/job-1"), 1, 3);
        shard(project.resolve("ci/job-2"), 2, 3);
        Path split = shard(project.resolve("ci/other-split"), 2, 2);
        Files.writeString(project.resolve("open.csv"), Files.readString(project.resolve("open.csv"))
                .replace("r44,", "r44b,"));
        Path data = shard(project.resolve("ci/job-3"), 3, 3);

        var error = catchThrowableOfType(ShardMergeException.class, () -> ShardMerge.read(project.resolve("ci")));

        assertThat(error.problems()).hasSize(2);
        assertThat(error.problems().get(0)).isEqualTo("shard file " + data + " (shard 3 of 3) did not evaluate what "
                + one + " (shard 1 of 3) did: suite open: another dataset ("
                + ShardFile.read(data).suites().get(0).result().candidate().datasetHash() + " with 45 rows, not "
                + ShardFile.read(one).suites().get(0).result().candidate().datasetHash() + " with 45 rows); run"
                + " every shard from the same commit and command line, then merge again");
        assertThat(error.problems().get(1)).isEqualTo("shard file " + split + " (shard 2 of 2) belongs to another"
                + " split than " + one + " (shard 1 of 3): the rows were divided 2 ways there, 3 ways here; merge the"
                + " shards of one split only (every job with the same promptEval.shard total)");
    }

    @Test
    void theMergePushesARegistryCandidatesResultsAsTheEvaluationWould() throws IOException {
        var registryCandidate = List.of(new SuiteSpec("open", "greet", "version:1", "none",
                List.of(Path.of("open.csv")), null, null, 1, List.of(), GateRules.defaults(), null));
        for (int i = 1; i <= 2; i++) {
            try (EvaluationSession session = session(project.resolve("ci/job-" + i))) {
                ShardRun.run(session, registryCandidate, new Shard(i, 2), SuiteProgress.NONE, new CancellationToken());
            }
        }

        ShardMerge.Decided decided = merge(project.resolve("ci"), project.resolve("merged"));

        assertThat(decided.pushFailures()).isEmpty();
        assertThat(decided.pushed()).singleElement().asString()
                .startsWith("suite open: pushed 45 row results to greet version 1 (run ");
        Path evals = project.resolve("prompt-registry/greet/evals/1");
        try (var runs = Files.list(evals)) {
            JsonNode run = JSON.readTree(runs.findFirst().orElseThrow().toFile());
            assertThat(run.get("rows")).hasSize(45);
            assertThat(run.at("/rows/3/output").asText()).isEqualTo("Hello, Dmitri!");
        }
    }

    @Test
    void stagedSamplingIsRefusedInAShardBeforeAnyCall() {
        var staged = new SuiteSpec("open", "greet", "file:candidate.json", "label:prod", List.of(Path.of("open.csv")),
                null, null, 1, List.of(), GateRules.builder().maxRepeat(8).build(), null);
        try (EvaluationSession session = session(project.resolve("ci/job-1"))) {
            var error = catchThrowableOfType(SuiteConfigurationException.class, () -> ShardRun.run(session,
                    List.of(staged), new Shard(1, 3), SuiteProgress.NONE, new CancellationToken()));

            assertThat(error.problems()).containsExactly("suite open: <maxRepeat> 8 samples again in stages on the"
                    + " whole suite's decision, which no shard sees; for a sharded build set <repeat> to the samples"
                    + " per row you want and leave <maxRepeat> unset (or run unsharded)");
        }
        assertThat(project.resolve("ci/job-1/shards")).doesNotExist();
    }

    @Test
    void batchModeIsRefusedInAShardBeforeAnyCall() {
        Map<String, String> properties = Map.of("promptEval.outputDirectory", project.resolve("ci/job-1").toString(),
                "promptEval.cache", "false", "promptEval.batch", "true");
        try (EvaluationSession session = EvaluationSession.open(PromptEvalSettings.read(properties::get, project),
                getClass().getClassLoader(), key -> null)) {
            var error = catchThrowableOfType(SuiteConfigurationException.class, () -> ShardRun.run(session,
                    suites(), new Shard(1, 3), SuiteProgress.NONE, new CancellationToken()));

            assertThat(error.problems()).contains("suite open: batch mode and shards do not combine: each shard would"
                    + " submit every row's calls; run the batch unsharded (one job submits, a later one collects), or"
                    + " shard with promptEval.batch=false");
        }
        assertThat(project.resolve("ci/job-1/shards")).doesNotExist();
    }

    @Test
    void anEmptyFolderSaysWhereShardFilesComeFrom() throws IOException {
        Files.createDirectories(project.resolve("ci"));
        Files.writeString(project.resolve("ci/gate.json"), "{}");

        var error = catchThrowableOfType(ShardMergeException.class, () -> ShardMerge.read(project.resolve("ci")));

        assertThat(error.problems()).containsExactly("no shard files (shard-I-of-N.json) under " + project.resolve("ci")
                + "; download every shard job's artifact into it (their <output>/shards folders), or point"
                + " promptEval.shardsDirectory at where they are");
        assertThat(catchThrowableOfType(ShardMergeException.class, () -> ShardMerge.read(project.resolve("nowhere")))
                .problems()).containsExactly("the shards folder " + project.resolve("nowhere") + " does not exist;"
                + " download every shard job's artifact into it, or point promptEval.shardsDirectory at where they"
                + " are");
    }
}
