package dev.prompteval.internal.suite;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prompteval.internal.gate.GateResult;
import dev.prompteval.internal.registry.EvalRunRecord.SentMessage;
import dev.prompteval.internal.registry.EvalRunRecord;
import dev.prompteval.internal.run.RowResult;
import dev.prompteval.internal.run.SampleResult;
import dev.prompteval.internal.template.PromptTemplate;
import dev.prompteval.internal.template.TemplateException;
import dev.prompteval.provider.Usage;

import java.io.IOException;
import java.io.OutputStream;
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
    public static EvalRunRecord of(GateResult gate, PromptTemplate candidate, String runId, String gitCommit,
                                   JsonNode summary) {
        List<EvalRunRecord.RowOutcome> rows = gate.candidate().rows().stream().map(row -> row(row, candidate))
                .toList();
        return record(gate, rows, runId, gitCommit, summary);
    }

    /**
     * Writes the record {@link #of} makes as JSON, a row at a time: a large suite's rows (their variables, inputs
     * and outputs) are never all in memory.
     *
     * @param json the mapper whose settings (indentation) the file is written with
     */
    public static void write(OutputStream out, ObjectMapper json, GateResult gate, PromptTemplate candidate,
                             String runId, String gitCommit, JsonNode summary) throws IOException {
        ObjectNode head = json.valueToTree(record(gate, List.of(), runId, gitCommit, summary));
        ObjectWriter writer = json.writer().without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
        try (JsonGenerator generator = json.getFactory().createGenerator(out)) {
            if (json.isEnabled(SerializationFeature.INDENT_OUTPUT)) generator.useDefaultPrettyPrinter();
            generator.writeStartObject();
            for (var field : (Iterable<Map.Entry<String, JsonNode>>) head::fields) {
                generator.writeFieldName(field.getKey());
                if (!field.getKey().equals("rows")) {
                    writer.writeValue(generator, field.getValue());
                    continue;
                }
                generator.writeStartArray();
                for (RowResult row : gate.candidate().rows()) writer.writeValue(generator, row(row, candidate));
                generator.writeEndArray();
            }
            generator.writeEndObject();
        }
    }

    private static EvalRunRecord record(GateResult gate, List<EvalRunRecord.RowOutcome> rows, String runId,
                                        String gitCommit, JsonNode summary) {
        return new EvalRunRecord(gate.suite(), runId, gate.decision().name(), gate.candidate().datasetHash(),
                gitCommit, gate.candidate().contentHash(), rows, summary);
    }

    private static EvalRunRecord.RowOutcome row(RowResult row, PromptTemplate template) {
        double score = row.meanScore();
        String error = row.samples().stream().map(SampleResult::error).filter(Objects::nonNull).findFirst()
                .orElse(null);
        // the sample whose output is shown is the one whose input, usage and latency go with it
        SampleResult shown = row.samples().stream().filter(s -> s.output() != null).findFirst()
                .orElse(row.samples().isEmpty() ? null : row.samples().get(0));
        Map<String, Double> named = new LinkedHashMap<>();
        if (row.row().metric() != null && !Double.isNaN(score)) named.put(row.row().metric(), score);
        Usage usage = shown == null || shown.usage() == null ? Usage.UNKNOWN : shown.usage();
        return new EvalRunRecord.RowOutcome(row.id(), Double.isNaN(score) ? 0.0 : score,
                error == null && row.passRate() == 1.0, shown == null ? null : shown.output(), named,
                row.row().variables(), error, sent(template, row.row().variables()), usage.inputTokens(),
                usage.outputTokens(), usage.costUsd(), shown == null ? 0 : shown.latencyMs());
    }

    /**
     * The messages the model got for this row; empty when the row's variables do not render (it errored) or the
     * template is not at hand (a suite result that does not carry its candidate).
     */
    private static List<SentMessage> sent(PromptTemplate template, Map<String, String> variables) {
        if (template == null) return List.of();
        try {
            return template.render(variables).messages().stream()
                    .map(m -> new SentMessage(m.role(), m.content(), m.images())).toList();
        } catch (TemplateException unrenderable) {
            return List.of();
        }
    }
}
