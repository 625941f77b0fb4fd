package dev.prompteval.internal.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prompteval.internal.PromptEvalException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Reads a versioned JSON document that an earlier build step wrote (a shard file, a suite result), with one set of
 * messages for every way it can be unusable, each naming the file and what to do.
 */
public final class JsonDocuments {
    private JsonDocuments() {
    }

    /**
     * How a kind of document is named in messages.
     *
     * @param label  e.g. {@code the shard file}
     * @param kind   what the file should be, e.g. {@code a prompt-eval shard file}
     * @param remedy what to do when it is not, e.g. {@code run its shard job again}
     */
    public record Kind(String label, String kind, String remedy) {
    }

    /**
     * @param versionProblem the message when the tree's version is not the one this code reads, else null
     * @param check          validation beyond the record's own, throwing {@link IllegalArgumentException}
     * @throws PromptEvalException naming the file when it cannot be read, is not such a document, or is of another
     *                             version
     */
    public static <T> T read(Path file, ObjectMapper mapper, Class<T> type, Kind kind,
                             Function<JsonNode, String> versionProblem, Consumer<T> check) {
        JsonNode tree;
        try {
            tree = mapper.readTree(Files.readString(file));
        } catch (JacksonException e) {
            throw malformed(file, kind, e.getOriginalMessage());
        } catch (IOException e) {
            throw new PromptEvalException("cannot read " + kind.label() + " " + file + ": " + e.getMessage(), e);
        }
        if (tree == null || !tree.isObject()) throw malformed(file, kind, "it is not a JSON object");
        String problem = versionProblem.apply(tree);
        if (problem != null) throw new PromptEvalException(problem);
        try {
            T read = mapper.treeToValue(tree, type);
            check.accept(read);
            return read;
        } catch (JacksonException e) {
            throw malformed(file, kind, e.getOriginalMessage());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw malformed(file, kind, e.getMessage());
        }
    }

    private static PromptEvalException malformed(Path file, Kind kind, String why) {
        return new PromptEvalException(kind.label() + " " + file + " is not " + kind.kind() + " ("
                + String.valueOf(why).replaceAll("\\s*\\R\\s*", " ") + "); " + kind.remedy());
    }
}
