package dev.prompteval.internal.suite;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.prompteval.internal.PromptEvalException;
import dev.prompteval.internal.io.AtomicFiles;
import dev.prompteval.internal.io.BackgroundWrite;
import dev.prompteval.internal.json.JsonDocuments;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads and writes {@link SuiteResult}s: {@code <outputDir>/suites/<suite>.json}, JSON in the shape of the record.
 * This is how suites run elsewhere (the {@code @PromptEval} tests, run by Surefire or by the plugin through the JUnit
 * Platform) reach the build's one set of reports.
 */
public final class SuiteResultFile {
    /** The folder under the output folder that holds the files. */
    public static final String FOLDER = "suites";

    private static final JsonDocuments.Kind KIND = new JsonDocuments.Kind("the suite result",
            "a suite result document", "delete it and evaluate again");
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            // A newer writer of the same format version may add fields; an older reader keeps working.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private SuiteResultFile() {
    }

    /** The file of suite {@code suite}. */
    public static Path fileFor(Path outputDir, String suite) {
        return outputDir.resolve(FOLDER).resolve(suite.replaceAll("[^A-Za-z0-9._-]", "_") + ".json");
    }

    /**
     * Writes a suite's result atomically and durably, streaming its rows: a large suite's rows are written one at a
     * time, not held as one string.
     *
     * @throws PromptEvalException naming the file
     */
    public static Path write(Path outputDir, SuiteResult result) {
        Path file = fileFor(outputDir, result.suite());
        try {
            AtomicFiles.write(file, out -> {
                JSON.writeValue(out, result);
                out.write('\n');
            });
            return file;
        } catch (IOException e) {
            throw new PromptEvalException("cannot write the result of suite " + result.suite() + " to " + file
                    + ": " + e.getMessage() + "; check that the folder is writable", e);
        }
    }

    /**
     * Writes each result as {@link #write} does, on a thread of its own, so that the caller (say the reports) need
     * not wait for a large suite's rows to be written; {@link BackgroundWrite#await} before relying on the files.
     */
    public static BackgroundWrite writeInBackground(Path outputDir, List<SuiteResult> results) {
        List<SuiteResult> copy = List.copyOf(results);
        return BackgroundWrite.start("prompt-eval-suite-results", () -> copy.forEach(r -> write(outputDir, r)));
    }

    /**
     * Reads one file.
     *
     * @throws PromptEvalException naming the file when it cannot be read, is not such a document, or is of another
     *                             format version
     */
    public static SuiteResult read(Path file) {
        return JsonDocuments.read(file, JSON, SuiteResult.class, KIND, tree -> {
            JsonNode version = tree.get("formatVersion");
            return version != null && version.canConvertToInt() && version.intValue() == SuiteResult.FORMAT_VERSION
                    ? null : "the suite result " + file + " has format version " + version + ", but this reader knows"
                    + " version " + SuiteResult.FORMAT_VERSION + "; evaluate again with the same prompt-eval version"
                    + " throughout the build";
        }, read -> { });
    }

    /**
     * Reads every suite result under {@code outputDir}, sorted by suite name.
     *
     * @return empty when there are none
     */
    public static List<SuiteResult> readAll(Path outputDir) {
        Path dir = outputDir.resolve(FOLDER);
        var results = new ArrayList<SuiteResult>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(SuiteResultFile::isResult).sorted().toList()) results.add(read(file));
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new PromptEvalException("cannot list the suite results in " + dir + ": " + e.getMessage(), e);
        }
        results.sort(Comparator.comparing(SuiteResult::suite));
        return results;
    }

    /**
     * Removes a suite's earlier result, so that a run that fails before its decision never leaves a stale one.
     *
     * @throws PromptEvalException naming the file
     */
    public static void delete(Path outputDir, String suite) {
        Path file = fileFor(outputDir, suite);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new PromptEvalException("cannot remove the earlier suite result " + file + "; delete it: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Removes every earlier result, so that a build reports only the suites it ran.
     *
     * @throws PromptEvalException naming the file that could not be removed
     */
    public static void clear(Path outputDir) {
        Path dir = outputDir.resolve(FOLDER);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(SuiteResultFile::isResult).toList()) Files.deleteIfExists(file);
        } catch (NoSuchFileException e) {
            // nothing to clear
        } catch (IOException e) {
            throw new PromptEvalException("cannot remove the earlier suite results in " + dir + "; delete the folder: "
                    + e.getMessage(), e);
        }
    }

    private static boolean isResult(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".json") && !name.startsWith(".");
    }
}
