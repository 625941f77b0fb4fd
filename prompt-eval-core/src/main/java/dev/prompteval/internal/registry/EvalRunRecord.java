package dev.prompteval.internal.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.prompteval.template.ChatMessage;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One evaluation run of a candidate, as pushed to a registry against the version it evaluated.
 *
 * @param suite         the suite name
 * @param runId         identifies the run; letters, digits, {@code .}, {@code _}, {@code -}, not starting with
 *                      {@code .} (it names a file in the file registry)
 * @param decision      the gate's decision for the suite ({@code PASS}, {@code FAIL}, {@code INCONCLUSIVE})
 * @param datasetHash   SHA-256 of the dataset files
 * @param gitCommit     the commit evaluated, or null when not known
 * @param candidateHash content hash ({@code sha256:...}) of the template that was evaluated
 * @param rows          per-row outcomes, in dataset order
 * @param summary       the suite entry of {@code gate.json} (statistics, rules); an empty object when null
 */
public record EvalRunRecord(String suite, String runId, String decision, String datasetHash, String gitCommit,
                            String candidateHash, List<RowOutcome> rows, JsonNode summary) {
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");

    public EvalRunRecord {
        require(suite, "suite");
        require(runId, "runId");
        require(decision, "decision");
        require(datasetHash, "datasetHash");
        require(candidateHash, "candidateHash");
        if (!RUN_ID.matcher(runId).matches()) {
            throw invalid("run id \"" + runId + "\" must be 1-128 letters, digits, '.', '_' or '-', not starting"
                    + " with '.'");
        }
        rows = List.copyOf(rows);
        summary = summary == null ? JsonNodeFactory.instance.objectNode() : summary.deepCopy();
    }

    /**
     * The outcome of one dataset row (its samples already averaged).
     *
     * @param rowId        the row's {@code __id}
     * @param score        the row score in [0, 1]
     * @param pass         whether the row passed
     * @param output       the model output shown for the row, or null when the row errored
     * @param namedScores  named metric scores in [0, 1] (the {@code __metric} values, scorer sub-scores), kept sorted
     *                     by name
     * @param variables    the row's template variables, shown next to the output in registries that can
     * @param error        a one-line error when the row errored (already free of secrets), else null
     * @param input        the rendered messages that were sent to the model for the shown output; empty when not
     *                     known
     * @param inputTokens  tokens the call read, -1 when not known
     * @param outputTokens tokens the call wrote, -1 when not known
     * @param priceUsd     what the call cost in USD (0 when served from a cache or recording)
     * @param latencyMs    wall time of the call in milliseconds, 0 when not measured
     */
    public record RowOutcome(String rowId, double score, boolean pass, String output,
                             Map<String, Double> namedScores, Map<String, String> variables, String error,
                             List<SentMessage> input, long inputTokens, long outputTokens, double priceUsd,
                             long latencyMs) {
        public RowOutcome {
            require(rowId, "rowId");
            checkUnit(score, "row " + rowId + ": score");
            namedScores = namedScores == null ? Map.of() : namedScores;
            namedScores.forEach((name, value) -> checkUnit(value, "row " + rowId + ": named score " + name));
            namedScores = Collections.unmodifiableSortedMap(new TreeMap<>(namedScores));
            variables = Collections.unmodifiableMap(
                    new LinkedHashMap<>(variables == null ? Map.of() : variables));
            input = input == null ? List.of() : List.copyOf(input);
        }

        /** A row without the call's input, usage and latency. */
        public RowOutcome(String rowId, double score, boolean pass, String output, Map<String, Double> namedScores,
                          Map<String, String> variables, String error) {
            this(rowId, score, pass, output, namedScores, variables, error, List.of(), -1, -1, 0.0, 0);
        }

        /** A row that produced an output, without variables. */
        public RowOutcome(String rowId, double score, boolean pass, String output, Map<String, Double> namedScores) {
            this(rowId, score, pass, output, namedScores, Map.of(), null);
        }

        private static void checkUnit(Double value, String what) {
            if (value == null || !(value >= 0 && value <= 1)) {
                throw invalid(what + " is " + value + " but must be a number in [0, 1]; scores use one scale"
                        + " everywhere");
            }
        }
    }

    /** One rendered message as it was sent: its role, text and images (none for most messages). */
    public record SentMessage(String role, String content,
                              @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ChatMessage.ImageUrl> images) {
        public SentMessage {
            images = images == null ? List.of() : List.copyOf(images);
        }

        /** A text-only message. */
        public SentMessage(String role, String content) {
            this(role, content, List.of());
        }
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) throw invalid("eval run record: " + field + " is missing");
    }

    private static RegistryException invalid(String message) {
        return new RegistryException(RegistryException.Kind.INVALID, message);
    }
}
