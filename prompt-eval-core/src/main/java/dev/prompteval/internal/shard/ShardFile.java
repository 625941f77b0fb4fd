package dev.prompteval.internal.shard;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.prompteval.internal.PromptEvalException;
import dev.prompteval.internal.io.AtomicFiles;
import dev.prompteval.internal.json.JsonDocuments;
import dev.prompteval.internal.suite.SuiteResult;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one shard job evaluated, written under {@code <output>/shards/shard-I-of-N.json} instead of a decision:
 * every suite's per-row results of both versions (as a {@link SuiteResult}, whose runs carry both templates'
 * content hashes and the dataset hash), its rules, and the settings that affect the answers, so that the merge can
 * refuse shards that did not evaluate the same thing.
 *
 * @param schema     {@link #SCHEMA}; a reader refuses other schemas
 * @param index      this shard, 1..total
 * @param total      how many shards the rows were split into
 * @param assignment the {@link ShardAssignment#SCHEME} the rows were assigned by
 * @param gitCommit  the commit the job evaluated, or null when CI did not say
 * @param settings   the build's settings that affect answers and scores (mode, graders), by property name
 * @param suites     the suites, in configuration order
 */
public record ShardFile(String schema, int index, int total, String assignment, String gitCommit,
                        Map<String, String> settings, List<ShardSuite> suites) {
    /** The version of this document's shape. */
    public static final String SCHEMA = "prompt-eval/shard/v1";
    /** The folder under the output folder that shard files are written to (and merged from, by default). */
    public static final String FOLDER = "shards";

    private static final JsonDocuments.Kind KIND = new JsonDocuments.Kind("the shard file",
            "a prompt-eval shard file", "run its shard job again");
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public ShardFile {
        Objects.requireNonNull(schema, "schema");
        settings = sorted(settings);
        suites = List.copyOf(suites);
    }

    /**
     * One suite's part in a shard.
     *
     * @param prompt            the prompt's registry name
     * @param pushResults       the suite's {@code pushResults}: null for "when the candidate is a registry version"
     * @param candidateTemplate the candidate's blueprint, for the messages pushed with each row's result
     * @param answerSettings    the suite's own settings that affect answers and scores (base URL, repeat,
     *                          suite-level assertions)
     * @param rowCount          how many rows the suite has in all shards together
     * @param positions         each row this shard evaluated, by id: its 0-based position among all the rows
     * @param result            the rules and both versions' runs over this shard's rows
     */
    public record ShardSuite(String prompt, Boolean pushResults, JsonNode candidateTemplate,
                             Map<String, String> answerSettings, long rowCount, Map<String, Long> positions,
                             SuiteResult result) {
        public ShardSuite {
            Objects.requireNonNull(result, "result");
            answerSettings = sorted(answerSettings);
            // in dataset order, as the shard read them
            positions = Collections.unmodifiableMap(new LinkedHashMap<>(positions == null ? Map.of() : positions));
        }

        public String name() {
            return result.suite();
        }
    }

    /** Settings in one order, so that a file reads back and writes again byte for byte. */
    private static Map<String, String> sorted(Map<String, String> settings) {
        return Collections.unmodifiableMap(new TreeMap<>(settings == null ? Map.of() : settings));
    }

    /** This file's shard. */
    public Shard shard() {
        return new Shard(index, total);
    }

    /**
     * Writes the file atomically under {@code <outputDir>/shards/}.
     *
     * @return the file written
     * @throws PromptEvalException naming the file
     */
    public Path write(Path outputDir) {
        Path file = outputDir.resolve(FOLDER).resolve(shard().fileName());
        try {
            AtomicFiles.write(file, JSON.writeValueAsString(this) + "\n");
            return file;
        } catch (IOException e) {
            throw new PromptEvalException("cannot write the shard file " + file + ": " + e.getMessage()
                    + "; check that the folder is writable", e);
        }
    }

    /**
     * Reads one shard file.
     *
     * @throws PromptEvalException naming the file when it cannot be read, is not a shard file, or is of another
     *                             schema
     */
    public static ShardFile read(Path file) {
        return JsonDocuments.read(file, JSON, ShardFile.class, KIND, tree -> {
            JsonNode schema = tree.get("schema");
            return schema != null && SCHEMA.equals(schema.asText()) ? null : "the shard file " + file + " has schema "
                    + schema + ", but this merge reads " + SCHEMA + "; run every shard and the merge with the same"
                    + " prompt-eval version";
        }, ShardFile::shard); // a valid index and total
    }
}
