package dev.prompteval.internal.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prompteval.internal.PromptEvalException;
import dev.prompteval.internal.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The batches a suite has submitted and not yet finished with, kept in {@code batches.json} next to the suite's run
 * journals: for each batch the API (its endpoint), the model, the provider's batch id and, per custom id, the
 * request key it answers. Written (atomically) as soon as a batch is submitted, before anything waits on it, so a
 * build killed at any later point resumes polling that batch and never submits its requests again. This class is
 * the file's one writer; it is removed when the suite's runs complete.
 */
public final class BatchLedger {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String FORMAT = "prompt-eval batches 1";
    /** The file's name in the suite's journal folder. */
    public static final String FILE_NAME = "batches.json";

    /**
     * One submitted batch.
     *
     * @param lines request key hash by custom id
     */
    public record Entry(String endpoint, String model, String id, Map<String, String> lines) {
        public Entry {
            lines = Map.copyOf(lines);
        }
    }

    private final Path file;
    private final List<Entry> entries;

    private BatchLedger(Path file, List<Entry> entries) {
        this.file = file;
        this.entries = entries;
    }

    /**
     * Reads the ledger, or starts an empty one when the file does not exist.
     *
     * @throws PromptEvalException naming the file when it cannot be read or is damaged
     */
    public static BatchLedger open(Path file) {
        List<Entry> entries = new ArrayList<>();
        try {
            JsonNode root = JSON.readTree(Files.readString(file));
            if (root == null || !FORMAT.equals(root.path("format").asText())) {
                throw damaged(file, "it is not a \"" + FORMAT + "\" file");
            }
            for (JsonNode batch : root.path("batches")) {
                Map<String, String> lines = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = batch.path("lines").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> line = it.next();
                    lines.put(line.getKey(), line.getValue().asText());
                }
                String id = batch.path("id").asText(null);
                if (id == null || lines.isEmpty()) throw damaged(file, "a batch has no id or no lines");
                entries.add(new Entry(batch.path("endpoint").asText(), batch.path("model").asText(), id, lines));
            }
        } catch (NoSuchFileException e) {
            // nothing submitted yet
        } catch (IOException e) {
            throw damaged(file, e.getMessage());
        }
        return new BatchLedger(file, entries);
    }

    private static PromptEvalException damaged(Path file, String why) {
        return new PromptEvalException("the batch ledger " + file + " cannot be read (" + why + "). It lists the "
                + "batches submitted for this suite; if you delete it, the next run submits them again (and pays "
                + "again)");
    }

    public Path file() {
        return file;
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** The submitted batch that asks for this request key of this endpoint, if any. */
    public Optional<Entry> covering(String endpoint, String keyHash) {
        return entries.stream().filter(e -> e.endpoint().equals(endpoint) && e.lines().containsValue(keyHash))
                .findFirst();
    }

    /**
     * Records a submitted batch and writes the file at once.
     *
     * @throws PromptEvalException naming the file and the batch when it cannot be written
     */
    public synchronized void add(Entry entry) {
        entries.add(entry);
        ObjectNode root = JSON.createObjectNode().put("format", FORMAT);
        ArrayNode batches = root.putArray("batches");
        for (Entry e : entries) {
            ObjectNode batch = batches.addObject().put("endpoint", e.endpoint()).put("model", e.model())
                    .put("id", e.id());
            ObjectNode lines = batch.putObject("lines");
            e.lines().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(line -> lines.put(line.getKey(), line.getValue()));
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            AtomicFiles.write(file, JSON.writeValueAsString(root) + "\n");
        } catch (IOException e) {
            throw new PromptEvalException("batch " + entry.id() + " was submitted but the batch ledger " + file
                    + " could not be written (" + e.getMessage() + "); fix the folder, and note the batch id: a "
                    + "re-run without it submits the requests again", e);
        }
    }

    /** Removes the file once the suite's runs are complete. */
    public void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new PromptEvalException("the finished batch ledger " + file + " could not be removed ("
                    + e.getMessage() + "); delete it by hand", e);
        }
    }
}
