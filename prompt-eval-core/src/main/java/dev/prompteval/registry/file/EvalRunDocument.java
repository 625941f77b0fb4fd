package dev.prompteval.registry.file;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prompteval.registry.EvalRunRecord;

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
            ObjectNode named = r.putObject("named_scores");
            row.namedScores().forEach(named::put);
            ObjectNode variables = r.putObject("variables");
            row.variables().forEach(variables::put);
        }
        return doc;
    }
}
