package dev.prompteval.suite;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prompteval.gate.GateResult;
import dev.prompteval.registry.EvalRunRecord;
import dev.prompteval.run.RowResult;
import dev.prompteval.run.SampleResult;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Turns a suite's outcome into the record that registries store against the candidate version. */
public final class EvalRunRecords {
    private EvalRunRecords() {
    }

    /**
     * @param runId   identifies this build's run (letters, digits, '.', '_', '-')
     * @param summary the suite's entry of {@code gate.json}
     */
    public static EvalRunRecord of(GateResult gate, String runId, String gitCommit, JsonNode summary) {
        List<EvalRunRecord.RowOutcome> rows = gate.candidate().rows().stream().map(EvalRunRecords::row).toList();
        return new EvalRunRecord(gate.suite(), runId, gate.decision().name(), gate.candidate().datasetHash(),
                gitCommit, gate.candidate().contentHash(), rows, summary);
    }

    private static EvalRunRecord.RowOutcome row(RowResult row) {
        double score = row.meanScore();
        String error = row.samples().stream().map(SampleResult::error).filter(Objects::nonNull).findFirst()
                .orElse(null);
        String output = row.samples().stream().map(SampleResult::output).filter(Objects::nonNull).findFirst()
                .orElse(null);
        Map<String, Double> named = new LinkedHashMap<>();
        if (row.row().metric() != null && !Double.isNaN(score)) named.put(row.row().metric(), score);
        return new EvalRunRecord.RowOutcome(row.id(), Double.isNaN(score) ? 0.0 : score,
                error == null && row.passRate() == 1.0, output, named, row.row().variables(), error);
    }
}
