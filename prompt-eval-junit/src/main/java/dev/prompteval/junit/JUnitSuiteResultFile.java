package dev.prompteval.junit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads and writes {@link JUnitSuiteResult} files: {@code <outputDir>/junit/<suite>.json}, pretty-printed JSON in
 * the shape of the record (field names are the record components'). This is how {@code prompt-eval:evaluate} learns
 * the decisions of the {@code @PromptEval} suites it ran through the JUnit Platform.
 *
 * <pre>{@code
 * for (JUnitSuiteResult suite : JUnitSuiteResultFile.readAll(Path.of("target/prompt-eval"))) {
 *     if (suite.blocking()) suite.violations().forEach(log::error);
 * }
 * }</pre>
 */
public final class JUnitSuiteResultFile {
    /** The folder under the output folder that holds the files. */
    public static final String FOLDER = "junit";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            // A newer writer of the same format version may add fields; an older reader keeps working.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private JUnitSuiteResultFile() {
    }

    /** The file of suite {@code suite}: {@code <outputDir>/junit/<suite>.json}. */
    public static Path fileFor(Path outputDir, String suite) {
        return outputDir.resolve(FOLDER).resolve(suite + ".json");
    }

    /**
     * Reads one file.
     *
     * @throws UncheckedIOException     naming the file when it cannot be read
     * @throws IllegalArgumentException naming the file when it is not such a document, or of another format version
     */
    public static JUnitSuiteResult read(Path file) {
        JsonNode tree;
        try {
            tree = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw malformed(file, e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the @PromptEval result " + file + ": " + e.getMessage(), e);
        }
        if (tree == null || !tree.isObject()) throw malformed(file, "it is not a JSON object");
        JsonNode version = tree.get("formatVersion");
        if (version == null || !version.canConvertToInt() || version.intValue() != JUnitSuiteResult.FORMAT_VERSION) {
            throw new IllegalArgumentException("the @PromptEval result " + file + " has format version " + version
                    + ", but this reader knows version " + JUnitSuiteResult.FORMAT_VERSION + "; run the tests again "
                    + "with the same prompt-eval version as the plugin");
        }
        try {
            return JSON.treeToValue(tree, JUnitSuiteResult.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw malformed(file, e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage());
        }
    }

    /**
     * Reads every result under {@code outputDir}, sorted by suite name.
     *
     * @return empty when there are none (no {@code @PromptEval} suite reached its gate)
     */
    public static List<JUnitSuiteResult> readAll(Path outputDir) {
        Path dir = outputDir.resolve(FOLDER);
        var results = new ArrayList<JUnitSuiteResult>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                results.add(read(file));
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the @PromptEval results in " + dir + ": " + e.getMessage(), e);
        }
        results.sort(Comparator.comparing(JUnitSuiteResult::suite));
        return results;
    }

    /**
     * Writes a result atomically (a temporary file, then a rename), creating the folder.
     *
     * @throws UncheckedIOException naming the file
     */
    public static void write(Path file, JUnitSuiteResult result) {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            JSON.writeValue(temp.toFile(), result);
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the @PromptEval result " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Removes a suite's earlier result, so that a run that fails before its gate never leaves a stale decision.
     *
     * @throws UncheckedIOException naming the file
     */
    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the earlier @PromptEval result " + file + "; delete it: "
                    + e.getMessage(), e);
        }
    }

    private static IllegalArgumentException malformed(Path file, String why) {
        return new IllegalArgumentException("the @PromptEval result " + file + " is not a result document ("
                + why.replaceAll("\\s*\\R\\s*", " ") + "); delete it and run the tests again");
    }
}
