package dev.prompteval.internal.registry.file;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prompteval.internal.registry.EvalRunRecord;
import dev.prompteval.internal.registry.StoredResults;

import java.util.ArrayList;
import java.util.List;

/** The file registry's eval-run file: the gate's suite entry plus per-row results, for one version. */
final class EvalRunDocument {
    private EvalRunDocument() {
    }

    static ObjectNode of(String prompt, int version, EvalRunRecord run) {
        ObjectNode doc = StableJson.MAPPER.createObjectNode();
        doc.put("prompt", prompt);
        doc.put("version", version);
        doc.put("suite", run.suite());
        doc.put("run_id", run.runId());
        doc.put("decision", run.decision());
        doc.put("dataset_hash", run.datasetHash());
        doc.put("git_commit", run.gitCommit());
        doc.put("candidate_hash", run.candidateHash());
        doc.set("summary", run.summary());
        var rows = doc.putArray("rows");
        for (EvalRunRecord.RowOutcome row : run.rows()) {
            ObjectNode r = rows.addObject();
            r.put("row_id", row.rowId());
            r.put("score", row.score());
            r.put("pass", row.pass());
            r.put("output", row.output());
            r.put("error", row.error());
            tokens(r, "input_tokens", row.inputTokens());
            tokens(r, "output_tokens", row.outputTokens());
            ObjectNode named = r.putObject("named_scores");
            row.namedScores().forEach(named::put);
            ObjectNode variables = r.putObject("variables");
            row.variables().forEach(variables::put);
        }
        return doc;
    }

    /** A token count, or null when the call's usage is not known. */
    private static void tokens(ObjectNode row, String field, long count) {
        if (count < 0) row.putNull(field);
        else row.put(field, count);
    }

    /** What {@link #of} wrote, as the plan of a later run reads it; files written before tokens were kept lack them. */
    static StoredResults read(JsonNode doc) {
        List<Long> input = new ArrayList<>();
        List<Long> output = new ArrayList<>();
        for (JsonNode row : doc.path("rows")) {
            input.add(row.path("input_tokens").isNumber() ? row.get("input_tokens").asLong() : -1);
            output.add(row.path("output_tokens").isNumber() ? row.get("output_tokens").asLong() : -1);
        }
        return new StoredResults(doc.path("run_id").asText(), doc.path("rows").size(), StoredResults.mean(input),
                StoredResults.mean(output), StoredResults.differenceSd(doc.path("summary")).orElse(null));
    }
}
