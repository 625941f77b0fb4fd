package dev.prompteval.maven;

import org.apache.maven.api.di.Provides;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The evaluate goal configured from test POMs by Maven's own configurator and expression evaluator
 * (src/test/resources/unit/greeting: a file registry, a working-tree candidate and datasets). These tests stop at
 * configuration: nothing here calls a model (the integration tests under src/it evaluate).
 */
@MojoTest
class EvaluateMojoTest {
    private static final String PROJECT = "/unit/greeting";

    private final CapturedLog log = new CapturedLog();

    @TempDir
    Path target;

    @Provides
    MavenProject project() {
        return TestProject.of(PROJECT, target);
    }

    @Test
    @Basedir(PROJECT)
    @InjectMojo(goal = "evaluate")
    void readsTheSuitesAndTheDefaultsFromThePom(EvaluateMojo mojo) {
        File basedir = mojo.basedir;
        assertThat(mojo.suites).hasSize(1);
        Suite suite = mojo.suites.get(0);
        assertThat(suite.name).isEqualTo("greeting");
        assertThat(suite.prompt).isEqualTo("it/greeting");
        assertThat(suite.candidate).isEqualTo("file:src/main/prompts/greeting.json");
        assertThat(suite.baseline).isEqualTo("label:prod");
        assertThat(suite.datasets).containsExactly(new File(basedir, "src/test/prompt-eval/datasets/greetings.csv"));
        assertThat(suite.rules.minPassRate).isEqualTo(0.8);
        assertThat(suite.rules.maxRegression).isNull();

        assertThat(mojo.skip).isFalse();
        assertThat(mojo.haltOnFailure).isTrue();
        assertThat(mojo.mode).isEqualTo("live");
        assertThat(mojo.concurrency).isEqualTo(16);
        assertThat(mojo.repeat).isEqualTo(1);
        assertThat(mojo.maxCost).isNull();
        assertThat(mojo.cache).isTrue();
        assertThat(mojo.registry).isEqualTo("file");
        assertThat(mojo.registryDirectory).isEqualTo(new File(basedir, "prompt-registry"));
        assertThat(mojo.recordingsDirectory).isEqualTo(new File(basedir, "src/test/prompt-eval/recordings"));
        assertThat(mojo.outputDirectory).isEqualTo(target.resolve("prompt-eval").toFile());
        assertThat(mojo.cacheDirectory).isEqualTo(target.resolve("prompt-eval/cache").toFile());
        assertThat(mojo.testClasspath).containsExactly(target.resolve("test-classes").toString(),
                target.resolve("classes").toString());
        assertThat(mojo.graderProvider).isEqualTo("openai");
        assertThat(mojo.graderModel).isEqualTo("gpt-4o-mini");
    }

    @Test
    @Basedir(PROJECT)
    @InjectMojo(goal = "evaluate", pom = "config-problems.xml")
    @MojoParameter(name = "skip", value = "true")
    void skipEvaluatesNothingNotEvenTheConfiguration(EvaluateMojo mojo) throws Exception {
        prepare(mojo).execute();

        assertThat(log.lines()).containsExactly("INFO prompt-eval: skipped (promptEval.skip)");
        assertThat(target).isEmptyDirectory();
    }

    @Test
    @Basedir(PROJECT)
    @InjectMojo(goal = "evaluate")
    @MojoParameter(name = "mode", value = "fast")
    void anUnknownModeIsAConfigurationProblem(EvaluateMojo mojo) {
        assertConfigurationProblems(mojo, "unknown promptEval.mode 'fast'; use live, record or replay");
    }

    @Test
    @Basedir(PROJECT)
    @InjectMojo(goal = "evaluate")
    @MojoParameter(name = "concurrency", value = "0")
    @MojoParameter(name = "maxCost", value = "-1")
    void concurrencyAndMaxCostMustBePositive(EvaluateMojo mojo) {
        assertConfigurationProblems(mojo,
                "promptEval.maxCost must be > 0 (US dollars), was '-1.0'",
                "promptEval.concurrency must be a whole number of at least 1, was '0'");
    }

    @Test
    @Basedir(PROJECT)
    @InjectMojo(goal = "evaluate")
    @MojoParameter(name = "suiteFilter", value = "greeting, farewell")
    void promptEvalSuitesMayOnlyNameConfiguredSuites(EvaluateMojo mojo) {
        assertConfigurationProblems(mojo,
                "promptEval.suites names farewell, which is not a configured suite; configured: [greeting]");

        // Also when nothing is left to run: a misspelt name is a problem, not a quiet "no suites to evaluate".
        log.clear();
        mojo.suiteFilter = "farewell";
        assertConfigurationProblems(mojo,
                "promptEval.suites names farewell, which is not a configured suite; configured: [greeting]");
    }

    @Test
    @Basedir(PROJECT)
    @InjectMojo(goal = "evaluate", pom = "bad-rules.xml")
    void everyBadRuleValueIsNamed(EvaluateMojo mojo) {
        assertConfigurationProblems(mojo,
                "suite greeting, <rules>: <policy>sometimes</policy> is not one of [block-shown-regressions, require-shown-within-margin]",
                "suite greeting, <rules>: <interval>normal</interval> is not one of [t, bootstrap]",
                "suite greeting, <rules>: gate rule maxRegression must be at least 0 and below 1 (e.g. 0.02 for two"
                        + " points); was 1.5");
    }

    @Test
    @Basedir(PROJECT)
    @InjectMojo(goal = "evaluate", pom = "bad-limits.xml")
    void eachLimitNamesExactlyOneTagOrMetric(EvaluateMojo mojo) {
        assertConfigurationProblems(mojo,
                "suite greeting, <rules>, <limit> 1: names both a <tag> and a <metric>; each <limit> names exactly"
                        + " one of them",
                "suite greeting, <rules>, <limit> 2: names neither a <tag> nor a <metric>; each <limit> names exactly"
                        + " one of them",
                "suite greeting, <rules>, <limit> 3: gate rule minPassRate must be between 0 and 1 (e.g. 0.85 for"
                        + " 85%); was 1.5");
    }

    @Test
    @Basedir(PROJECT)
    @InjectMojo(goal = "evaluate", pom = "config-problems.xml")
    @MojoParameter(name = "mode", value = "replay")
    void everyConfigurationProblemIsListedInOneBuild(EvaluateMojo mojo) {
        // One of each: a bad rule value (the plugin's own check), a baseline the registry does not have, a dataset
        // that does not exist and one without the prompt's variable (core's checks). Core words its own messages;
        // here it matters that each is there, once, and names what it is about.
        assertThatThrownBy(prepare(mojo)::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessage("prompt-eval: 4 configuration problem(s), listed above; nothing was evaluated");
        assertThat(log.at("ERROR")).satisfiesExactly(
                rule -> assertThat(rule).isEqualTo(
                        "suite greeting, <rules>: <policy>maybe</policy> is not one of [block-shown-regressions, require-shown-within-margin]"),
                baseline -> assertThat(baseline).startsWith("suite greeting, baseline label:staging: ")
                        .contains("has no label \"staging\"", "(labels: prod)"),
                missing -> assertThat(missing).startsWith("suite greeting: dataset ")
                        .contains("no-such-file.csv does not exist"),
                variable -> assertThat(variable).contains("salutations.csv:2: ", "needs variable \"greeting\"",
                        "no \"greeting\" column"));
        assertThat(log.at("WARN")).isEmpty();
        assertThat(target).isEmptyDirectory();
    }

    @Test
    @Basedir(PROJECT)
    @InjectMojo(goal = "evaluate")
    @MojoParameter(name = "mode", value = "replay")
    void damagedRecordingsAreNamedWithoutAStackTrace(EvaluateMojo mojo) throws Exception {
        Path recordings = target.resolve("recordings");
        java.nio.file.Files.createDirectories(recordings);
        java.nio.file.Files.writeString(recordings.resolve("greeting.jsonl"), "{not json\n");
        mojo.recordingsDirectory = recordings.toFile();

        assertThatThrownBy(prepare(mojo)::execute)
                .isInstanceOf(org.apache.maven.plugin.MojoExecutionException.class)
                .hasNoCause()
                .hasMessageStartingWith("prompt-eval: the evaluation stopped: suite greeting: ")
                .hasMessageContaining(recordings.resolve("greeting.jsonl").toString());
        assertThat(log.at("ERROR")).singleElement().asString().contains("greeting.jsonl");
    }

    @Test
    @Basedir(PROJECT)
    @InjectMojo(goal = "evaluate")
    void aBatchStillRunningEndsTheGoalWithoutADecisionAndARerunSubmitsNothing(EvaluateMojo mojo) throws Exception {
        // Shapes from openai/openai-openapi: the File object of POST /files, the Batch object of /batches.
        var submits = new java.util.concurrent.atomic.AtomicInteger();
        try (var server = new mockwebserver3.MockWebServer()) {
            server.setDispatcher(new mockwebserver3.Dispatcher() {
                @Override
                public mockwebserver3.MockResponse dispatch(mockwebserver3.RecordedRequest request) {
                    String route = request.getMethod() + " " + request.getUrl().encodedPath();
                    String body = switch (route) {
                        case "POST /v1/files" -> "{\"id\": \"file-abc123\", \"object\": \"file\", \"bytes\": 1200,"
                                + " \"created_at\": 1677610602, \"filename\": \"prompt-eval-batch.jsonl\","
                                + " \"purpose\": \"batch\"}";
                        case "POST /v1/batches", "GET /v1/batches/batch_abc123" -> {
                            if (route.startsWith("POST")) submits.incrementAndGet();
                            yield "{\"id\": \"batch_abc123\", \"object\": \"batch\", \"endpoint\": "
                                    + "\"/v1/chat/completions\", \"errors\": null, \"input_file_id\": \"file-abc123\","
                                    + " \"completion_window\": \"24h\", \"status\": \"in_progress\","
                                    + " \"output_file_id\": null, \"error_file_id\": null, \"created_at\": 1711471533,"
                                    + " \"request_counts\": {\"total\": 14, \"completed\": 3, \"failed\": 0}}";
                        }
                        default -> null;
                    };
                    return new mockwebserver3.MockResponse.Builder().code(body == null ? 404 : 200)
                            .setHeader("Content-Type", "application/json").body(body == null ? "{}" : body).build();
                }
            });
            server.start();
            mojo.suites.get(0).baseUrl = server.url("/v1").toString();
            mojo.batch = true;
            mojo.batchWaitMinutes = 0;
            Path gate = target.resolve("prompt-eval/gate.json");
            java.nio.file.Files.createDirectories(gate.getParent());
            java.nio.file.Files.writeString(gate, "{\"decision\": \"an earlier build's\"}");

            prepare(mojo).execute();
            prepare(mojo).execute();

            assertThat(submits).hasValue(1);
            // Each build: its plan's warning (7 rows cannot show a 2-point margin), the batch, no decision.
            assertThat(log.at("WARN")).hasSize(6).containsOnly(
                    "suite greeting: maxRegression 2.0 points is below what these 7 rows can show: even if every "
                            + "answer repeats exactly, an unchanged prompt is shown within 35.4 points at best, so "
                            + "only a clearly better prompt can PASS; about 189 rows would settle a margin of 2.0 "
                            + "points",
                    "suite greeting: submitted OpenAI Batch batch batch_abc123 with 14 requests, not finished "
                            + "(in_progress, 3/14 done); re-run to collect (the batch id is kept in "
                            + target.resolve("prompt-eval/journal/greeting/batches.json") + ")",
                    "prompt-eval: no decision yet: batches are still running, so nothing was gated and no report "
                            + "was written; run the build again to collect their answers and decide");
            assertThat(log.at("INFO")).contains("suite greeting: submitted OpenAI Batch batch batch_abc123 (14 "
                    + "requests, model gpt-4o-mini)");
            assertThat(gate).doesNotExist();
            assertThat(target.resolve("prompt-eval/report.md")).doesNotExist();
        }
    }

    @Test
    @Basedir(PROJECT)
    @InjectMojo(goal = "evaluate")
    @MojoParameter(name = "junit", value = "false")
    @MojoParameter(name = "cache", value = "false")
    void rowsTheProviderDoesNotAnswerAreNotEvaluatedNeverAFailureOfThePrompt(EvaluateMojo mojo) throws Exception {
        // OpenAI's 429 at a requests-per-minute limit (error object of the API reference), asking for a wait longer
        // than the retry budget, so that every call gives up at once.
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        List<String> paths = new CopyOnWriteArrayList<>();
        server.createContext("/", exchange -> {
            paths.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            byte[] body = ("{\"error\": {\"message\": \"Rate limit reached for gpt-4o-mini in organization org-x on "
                    + "requests per min (RPM): Limit 3, Used 3, Requested 1.\", \"type\": \"requests\", \"param\": "
                    + "null, \"code\": \"rate_limit_exceeded\"}}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Retry-After", "3600");
            exchange.sendResponseHeaders(429, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            mojo.suites.get(0).baseUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";

            assertThatThrownBy(prepare(mojo)::execute).isInstanceOf(MojoFailureException.class)
                    .hasMessageStartingWith("prompt-eval: the gate blocked 1 of 1 suite(s): greeting; see ")
                    .hasMessageContaining("(or report.md). greeting: not evaluated: 7 rows of the candidate (rate "
                            + "limit (HTTP 429) 7) and 7 rows of the baseline (rate limit (HTTP 429) 7)")
                    .hasMessageContaining("the provider asked to wait 3600 s, longer than the retry budget of 600 s")
                    .hasMessageContaining("Run the build again to resume")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Fix the prompt")
                            .doesNotContain("<rules>"));
        } finally {
            server.stop(0);
        }
        assertThat(paths).hasSize(14).containsOnly("POST /v1/chat/completions");
        assertThat(log.at("INFO")).contains("greeting: NOT_EVALUATED");
    }

    @Test
    @Basedir(PROJECT)
    @InjectMojo(goal = "evaluate")
    @MojoParameter(name = "junit", value = "false")
    @MojoParameter(name = "cache", value = "false")
    void aParameterTheProviderHasNoEquivalentForIsSaidOnceBeforeAnyCall(EvaluateMojo mojo) throws Exception {
        // A Message as the Anthropic API reference and anthropic-sdk-python's Message type describe it.
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        List<String> bodies = new CopyOnWriteArrayList<>();
        server.createContext("/", exchange -> {
            bodies.add(exchange.getRequestURI().getPath() + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = ("{\"id\": \"msg_013Zva2CMHLNnXjNJJKqJ2EF\", \"type\": \"message\", \"role\": "
                    + "\"assistant\", \"model\": \"claude-sonnet-4-20250514\", \"content\": [{\"type\": \"text\", "
                    + "\"text\": \"fr\"}], \"stop_reason\": \"end_turn\", \"stop_sequence\": null, \"usage\": "
                    + "{\"input_tokens\": 25, \"output_tokens\": 1}}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            Suite suite = mojo.suites.get(0);
            suite.baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
            suite.provider = "anthropic";
            suite.model = "claude-sonnet-4-20250514";
            suite.parameters.put("seed", "7");

            // Every answer is "fr": the gate blocks, which is not what this test is about.
            assertThatThrownBy(prepare(mojo)::execute).isInstanceOf(MojoFailureException.class);
        } finally {
            server.stop(0);
        }
        String notice = "WARN suite greeting, prompt it/greeting, provider anthropic, model claude-sonnet-4-20250514:"
                + " parameter seed is not sent: Anthropic's Messages API has no seed, so samples are not reproducible";
        List<String> lines = log.lines();
        assertThat(lines).filteredOn(line -> line.contains("seed")).containsExactly(notice);
        int evaluating = lines.indexOf(lines.stream().filter(l -> l.startsWith("INFO prompt-eval: evaluating"))
                .findFirst().orElseThrow());
        assertThat(lines.indexOf(notice)).as("said before the runs start").isLessThan(evaluating);
        assertThat(bodies).hasSize(14).allSatisfy(b -> assertThat(b).startsWith("/v1/messages ")
                .doesNotContain("seed"));
    }

    private EvaluateMojo prepare(EvaluateMojo mojo) {
        mojo.setLog(log);
        return mojo;
    }

    /** The build fails once, after one ERROR line per problem, having evaluated (and written) nothing. */
    private void assertConfigurationProblems(EvaluateMojo mojo, String... problems) {
        assertThatThrownBy(prepare(mojo)::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessage("prompt-eval: " + problems.length + " configuration problem(s), listed above; nothing was"
                        + " evaluated");
        assertThat(log.at("ERROR")).containsExactly(problems);
        assertThat(log.at("WARN")).isEmpty();
        assertThat(target).isEmptyDirectory();
    }
}
