package dev.prompteval.internal.suite;

import dev.prompteval.internal.gate.GateResult;
import dev.prompteval.internal.gate.GateRules;
import dev.prompteval.internal.provider.EvaluationMode;
import dev.prompteval.internal.provider.Providers;
import dev.prompteval.internal.registry.file.FileRegistry;
import dev.prompteval.internal.report.SuiteReport;
import dev.prompteval.internal.run.CancellationToken;
import dev.prompteval.internal.run.RunOptions;
import dev.prompteval.internal.score.Scorers;
import dev.prompteval.internal.template.PromptTemplate;
import dev.prompteval.provider.ModelProvider;
import dev.prompteval.provider.ModelResponse;
import dev.prompteval.provider.Usage;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * A large suite end to end in its own JVM, for {@link LargeSuiteMemoryTest}: both versions run over {@code rows}
 * rows (answered by the team's own code standing in for the model, so no network is involved), then the decision,
 * the suite result file, every report and {@code results/<suite>.json} are made as a build makes them. Prints the
 * decision, the rows each version ran and the reports written. Arguments: project folder, rows, and optionally the
 * base URL of an OpenAI-compatible model: then the versions call it, through the evaluation a build runs (its
 * journals, and its guard against SIGTERM), and a later child on the same folder resumes what an earlier one left.
 */
public final class LargeSuiteChild {
    private LargeSuiteChild() {
    }

    public static void main(String[] args) throws Exception {
        Path project = Path.of(args[0]);
        int rows = Integer.parseInt(args[1]);
        String baseUrl = args.length > 2 ? args[2] : null;
        if (!Files.exists(project)) writeProject(project, rows);
        // Every row asks for its own answer; the candidate gets each row right, the baseline three rows in four.
        ModelProvider target = request -> {
            String prompt = request.prompt().text();
            String number = prompt.substring(prompt.lastIndexOf(' ') + 1);
            boolean right = prompt.startsWith("Answer") || Integer.parseInt(number) % 4 != 0;
            return new ModelResponse(right ? "answer " + number : "no idea", "stop", new Usage(12, 2, 0));
        };
        try (Providers providers = Providers.builder().env(Map.of("OPENAI_API_KEY", "sk-large-suite")::get).build()) {
            var settings = new EvaluationSettings(project, project.resolve("target"),
                    new FileRegistry(project.resolve("prompt-registry")), EvaluationMode.LIVE,
                    project.resolve("recordings"), null, RunOptions.defaults().withConcurrency(8), providers,
                    Scorers.defaults(), null);
            var spec = new SuiteSpec("large", "large", "file:candidate.json", "label:prod",
                    List.of(Path.of("large.csv")), null, baseUrl, 1, List.of(), GateRules.defaults(), null);
            var evaluator = new SuiteEvaluator(settings);
            PreparedSuite suite = evaluator.prepare(spec, false);
            var evaluation = new Evaluation(settings, Clock.systemUTC());
            SuiteResult result;
            List<GateResult> decided = List.of();
            if (baseUrl == null) {
                SuiteEvaluator.SuiteRuns runs = evaluator.run(suite, target, SuiteProgress.NONE,
                        new CancellationToken());
                result = new SuiteResult(SuiteResult.FORMAT_VERSION, suite.name(), SuiteResult.POM, spec.rules(),
                        runs.candidate().result(), runs.baseline().result(), List.of(),
                        suite.candidate().template().toJson());
            } else {
                SuiteOutcome outcome = evaluation.runPrepared(List.of(suite), SuiteProgress.NONE,
                        new CancellationToken()).get(0);
                result = Evaluation.resultOf(outcome);
                decided = List.of(outcome.gate());
            }
            SuiteResultFile.write(settings.outputDir(), result);
            List<SuiteReport> reports = evaluation.report(List.of(result), decided);
            GateResult gate = reports.get(0).gate();
            System.out.println("decision=" + gate.decision());
            System.out.println("candidate rows=" + gate.candidate().rows().size() + ", baseline rows="
                    + gate.baseline().rows().size());
        }
        for (String report : List.of("gate.json", "report.md", "report.html", "TEST-prompt-eval-large.xml",
                "suites/large.json", "results/large.json")) {
            Path file = project.resolve("target").resolve(report);
            System.out.println(report + ": " + (Files.isRegularFile(file) ? Files.size(file) + " bytes" : "missing"));
        }
    }

    private static void writeProject(Path project, int rows) throws Exception {
        Files.createDirectories(project);
        String template = "{\"prompt_template\": {\"type\": \"chat\", \"messages\": [{\"role\": \"user\", \"content\":"
                + " \"%s {n}\"}]}, \"metadata\": {\"model\": {\"provider\": \"openai\", \"name\":"
                + " \"gpt-4o-mini\"}}}";
        new FileRegistry(project.resolve("prompt-registry")).publish("large",
                PromptTemplate.parse(template.formatted("Guess"), "large"), "first", List.of("prod"), 0);
        Files.writeString(project.resolve("candidate.json"), template.formatted("Answer"));
        try (BufferedWriter csv = Files.newBufferedWriter(project.resolve("large.csv"))) {
            csv.write("__id,n,__expected\n");
            for (int i = 1; i <= rows; i++) csv.write("row-" + i + "," + i + ",equals:answer " + i + "\n");
        }
    }
}
