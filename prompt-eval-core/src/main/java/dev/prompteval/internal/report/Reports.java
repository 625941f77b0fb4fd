package dev.prompteval.internal.report;

import dev.prompteval.internal.io.AtomicFiles;
import dev.prompteval.report.GateFile;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import javax.xml.stream.XMLStreamException;

/**
 * Writes every report of an evaluation into one folder (the Maven plugin passes {@code target/prompt-eval/}):
 * <ul>
 *   <li>{@value #GATE_JSON}: the machine-readable decision, schema {@value GateFile#SCHEMA}, read back with
 *       {@link GateFile#read};</li>
 *   <li>{@value #REPORT_MD}: a pull-request comment, also appended to the file named by {@code $GITHUB_STEP_SUMMARY}
 *       when that variable is set;</li>
 *   <li>{@code TEST-prompt-eval-<suite>.xml}: JUnit XML in Surefire's format, one per suite;</li>
 *   <li>{@value #REPORT_HTML}: a self-contained page with intervals drawn and the rows with both outputs.</li>
 * </ul>
 *
 * <pre>
 *   List&lt;Path&gt; written = Reports.writeAll(Path.of("target/prompt-eval"), List.of(SuiteReport.of(gateResult)));
 * </pre>
 */
public final class Reports {
    public static final String GATE_JSON = "gate.json";
    public static final String REPORT_MD = "report.md";
    public static final String REPORT_HTML = "report.html";
    /** The variable GitHub Actions sets to the file a step's Markdown summary is appended to. */
    public static final String STEP_SUMMARY = "GITHUB_STEP_SUMMARY";

    private final Function<String, String> environment;

    /** @param environment looks up an environment variable, null when unset ({@code System::getenv} in a build) */
    public Reports(Function<String, String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /**
     * Writes all reports with the process environment.
     *
     * @return the files written, in the order above, then the step summary file when one was appended to
     * @throws ReportException when a file cannot be written; the message names it
     */
    public static List<Path> writeAll(Path outputDir, List<SuiteReport> suites) {
        return new Reports(System::getenv).write(outputDir, suites);
    }

    /** As {@link #writeAll(Path, List)}, with the suites' {@link #gateFile} already made. */
    public static List<Path> writeAll(Path outputDir, List<SuiteReport> suites, GateFile gateFile) {
        return new Reports(System::getenv).write(outputDir, suites, gateFile);
    }

    /** As {@link #writeAll}, with this instance's environment. */
    public List<Path> write(Path outputDir, List<SuiteReport> suites) {
        return write(outputDir, suites, gateFile(suites));
    }

    /** The {@value #GATE_JSON} that {@link #writeAll} writes for {@code suites}, as records. */
    public static GateFile gateFile(List<SuiteReport> suites) {
        return GateJson.of(suites);
    }

    /**
     * As {@link #write(Path, List)}, with the suites' {@link #gateFile} already made.
     *
     * @param gateFile {@link #gateFile} of {@code suites}
     */
    public List<Path> write(Path outputDir, List<SuiteReport> suites, GateFile gateFile) {
        if (suites.isEmpty()) {
            throw new IllegalArgumentException("there are no suite results to report; configure at least one suite");
        }
        List<Path> written = new ArrayList<>();
        written.add(save(outputDir.resolve(GATE_JSON), gateFile.toJson()));
        // Each suite's rows paired once, for the comment's listing and the page's together.
        List<RowChange.Listing> commentRows = new ArrayList<>();
        List<RowChange.Listing> pageRows = new ArrayList<>();
        for (SuiteReport suite : suites) {
            List<RowChange.Listing> listings = RowChange.lists(suite.gate(),
                    List.of(MarkdownReport.wanted(suites.size(), suite.gate()), RowsTable.WANTED));
            commentRows.add(listings.get(0));
            pageRows.add(listings.get(1));
        }
        String markdown = MarkdownReport.write(suites, commentRows);
        written.add(save(outputDir.resolve(REPORT_MD), markdown));
        Set<String> names = new HashSet<>();
        for (SuiteReport suite : suites) {
            written.add(save(outputDir.resolve(junitFileName(suite.suite(), names)), out -> {
                var text = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                try {
                    JUnitReport.write(suite, text);
                } catch (XMLStreamException e) {
                    throw new IOException(e.getMessage(), e);
                }
                text.flush();
            }));
        }
        written.add(save(outputDir.resolve(REPORT_HTML), HtmlReport.write(suites, pageRows)));
        String summary = environment.apply(STEP_SUMMARY);
        if (summary != null && !summary.isBlank()) written.add(appendSummary(Path.of(summary), markdown));
        return written;
    }

    /** {@code TEST-prompt-eval-<suite>.xml}, the suite name kept to file-safe characters and made unique. */
    static String junitFileName(String suite, Set<String> taken) {
        String base = "TEST-prompt-eval-" + suite.replaceAll("[^A-Za-z0-9._-]", "_");
        String name = base;
        for (int n = 2; !taken.add(name.toLowerCase(java.util.Locale.ROOT)); n++) name = base + "-" + n;
        return name + ".xml";
    }

    /** Writes through a temp file and a rename, so a reader (say {@code publish}) never sees half a file. */
    private static Path save(Path file, String text) {
        return save(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** As {@link #save(Path, String)}, streaming. */
    private static Path save(Path file, AtomicFiles.Content content) {
        try {
            AtomicFiles.write(file.toAbsolutePath(), content);
            return file;
        } catch (IOException e) {
            throw new ReportException("cannot write the report " + file + ": " + e
                    + "; check that the folder is writable", e);
        }
    }

    private static Path appendSummary(Path file, String markdown) {
        try {
            Files.writeString(file, markdown + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            return file;
        } catch (IOException e) {
            throw new ReportException("cannot append the report to " + file + ", named by $" + STEP_SUMMARY + ": " + e,
                    e);
        }
    }
}
