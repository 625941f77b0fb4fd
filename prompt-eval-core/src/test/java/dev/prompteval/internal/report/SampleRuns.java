package dev.prompteval.internal.report;

import dev.prompteval.dataset.Row;
import dev.prompteval.internal.dataset.Dataset;
import dev.prompteval.internal.dataset.RowReader;
import dev.prompteval.internal.gate.Gate;
import dev.prompteval.internal.gate.GateRules;
import dev.prompteval.internal.json.CanonicalJson;
import dev.prompteval.internal.run.RowResult;
import dev.prompteval.internal.run.RunResult;
import dev.prompteval.internal.run.SampleResult;
import dev.prompteval.internal.score.RowScorer;
import dev.prompteval.internal.score.Scorers;
import dev.prompteval.provider.Usage;
import dev.prompteval.template.ModelSpec;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Realistic suite reports from the sample project (../sample-project): its datasets, scored by the real scorers
 * against the model outputs authored for each prompt version (see the sample's README). The ticket classifier's
 * "regressed" candidate against prod fails the gate; the order summary's candidate passes.
 */
final class SampleRuns {
    private static final Path SAMPLE = Path.of("..", "sample-project");
    private static final Path DATASETS = SAMPLE.resolve("src/test/prompt-eval/datasets");
    private static final Path OUTPUTS = SAMPLE.resolve("src/test/prompt-eval/authored-outputs");
    private static final ModelSpec MODEL = new ModelSpec("openai", "gpt-4o-mini", Map.of("temperature", 0));

    private SampleRuns() {
    }

    /** The two sample suites: ticket-classifier (regressed candidate, FAIL) and order-summary (candidate, PASS). */
    static List<SuiteReport> reports() {
        GateRules rules = GateRules.builder().minPassRate(0.8).build();
        return List.of(
                suite(rules, "ticket-classifier", "support/ticket-classifier", "regressed",
                        "file:src/main/prompts/regressed/ticket-classifier.json",
                        SAMPLE.resolve("src/main/prompts/regressed/ticket-classifier.json")),
                suite(rules, "order-summary", "support/order-summary", "candidate",
                        "file:src/main/prompts/order-summary.json", SAMPLE.resolve("src/main/prompts/order-summary.json")));
    }

    private static SuiteReport suite(GateRules rules, String suite, String prompt, String variant, String reference,
                                     Path candidateFile) {
        Dataset dataset = Dataset.open(DATASETS.resolve(suite + ".csv"), Scorers.defaults());
        List<Row> rows;
        try (RowReader reader = dataset.rows()) {
            rows = reader.stream().toList();
        }
        Path prodFile = SAMPLE.resolve("prompt-registry/" + prompt + "/versions/3.json");
        RunResult candidate = run(suite, prompt, reference, null, candidateFile, dataset, rows,
                outputs(suite + "." + variant));
        RunResult baseline = run(suite, prompt, "label:prod", 3, prodFile, dataset, rows, outputs(suite + ".prod"));
        return SuiteReport.of(new Gate(rules).evaluate(candidate, baseline));
    }

    private static RunResult run(String suite, String prompt, String reference, Integer version, Path promptFile,
                                 Dataset dataset, List<Row> rows, Map<String, String> outputs) {
        RowScorer scorer = new RowScorer(Scorers.defaults());
        List<RowResult> results = new ArrayList<>();
        for (Row row : rows) {
            String output = outputs.get(row.id());
            long latency = 600 + Math.floorMod(row.id().hashCode(), 900);
            results.add(new RowResult(row, List.of(new SampleResult(row.id(), 0, output, scorer.score(row, output),
                    null, new Usage(410, 60, 0.0001), latency, false))));
        }
        return new RunResult(suite, prompt, reference, version, "sha256:" + sha256(promptFile),
                dataset.contentHash(), MODEL, results, true);
    }

    private static Map<String, String> outputs(String name) {
        Map<String, String> outputs = new LinkedHashMap<>();
        try (Reader reader = Files.newBufferedReader(OUTPUTS.resolve(name + ".csv"))) {
            for (CSVRecord record : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(reader)) {
                outputs.put(record.get("__id"), record.get("output"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return outputs;
    }

    private static String sha256(Path file) {
        try {
            return CanonicalJson.sha256Hex(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
