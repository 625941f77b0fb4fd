package dev.prompteval.internal.report;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * report.html opened in headless Chromium (Debian's {@code chromium} package): the DOM after the page's script ran
 * has the summary and the regressed rows, and hostile model output and dataset text stayed text. Skipped only when no
 * Chromium binary is on the PATH. Also writes {@code target/report-screenshot.png}, the source of
 * {@code docs/report-screenshot.png}.
 */
class ChromiumReportTest {
    private static final List<String> BINARIES = List.of("chromium", "chromium-browser", "google-chrome");
    private static Path chromium;

    @TempDir
    Path dir;

    @BeforeAll
    static void findChromium() {
        chromium = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .flatMap(folder -> BINARIES.stream().map(name -> Path.of(folder, name)))
                .filter(Files::isExecutable).findFirst().orElse(null);
    }

    private Path writeReport(List<SuiteReport> suites) {
        new Reports(name -> null).write(dir.resolve("out"), suites);
        return dir.resolve("out").resolve(Reports.REPORT_HTML);
    }

    /** Runs headless Chromium with the given arguments after the common ones; returns its standard output. */
    private String chromium(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                "--user-data-dir=" + dir.resolve("profile")));
        command.addAll(List.of(arguments));
        Path log = dir.resolve("chromium.log");
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        String stdout;
        try (InputStream out = process.getInputStream()) {
            stdout = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        }
        // a safety net against a hung browser, not a timing assertion
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("chromium did not exit within 3 minutes; its log: " + Files.readString(log));
        }
        assertThat(process.exitValue()).as("chromium exit code; its log:\n%s", Files.readString(log)).isZero();
        return stdout;
    }

    private String dumpDom(Path page, String fragment) throws IOException, InterruptedException {
        return chromium("--dump-dom", page.toUri() + fragment);
    }

    private static List<String> rowsOf(String dom) {
        List<String> rows = new ArrayList<>();
        Matcher row = Pattern.compile("<tbody class=\"row\"[^>]*>").matcher(dom);
        while (row.find()) rows.add(row.group());
        return rows;
    }

    @Test
    void theRenderedReportShowsTheSummaryAndRegressedRowsAndHostileTextStaysText() throws Exception {
        assumeTrue(chromium != null, "no chromium binary on the PATH (Debian: apt-get install chromium)");
        List<SuiteReport> suites = new ArrayList<>(SampleRuns.reports());
        suites.add(SuiteReport.of(ReportFixtures.hostile()));

        String dom = dumpDom(writeReport(suites), "");

        assertThat(dom).as("the page's script ran (its CSP hash is right)").contains("data-ready=\"true\"");
        assertThat(dom).contains("<title>prompt-eval report: FAIL</title>");
        assertThat(dom).contains("<h2>ticket-classifier</h2><span class=\"badge large fail\">FAIL</span>");
        // 64 rows, one fixed: the margin cannot be shown, INCONCLUSIVE (which does not block).
        assertThat(dom).contains("<h2>order-summary</h2><span class=\"badge large inconclusive\">INCONCLUSIVE</span>");
        assertThat(dom).contains("ticket-classifier: pass rate is 0.64 [0.54, 0.73], but baseline is 0.85 and the"
                + " allowed regression is 0.02");
        assertThat(dom).contains("<tbody class=\"row\" data-row=\"tk-001\" data-tags=\"regressed failing\""
                + " data-status=\"regressed\">");
        assertThat(dom).contains("duplicate card payment for one order");
        // hostile text: no element was created from it, and it shows as text
        assertThat(Pattern.compile("<script").matcher(dom).results().count()).isEqualTo(1);
        assertThat(dom).doesNotContain("<img", "<i>tag", "pwned-output</title>", "pwned-img</title>");
        assertThat(dom).contains("&lt;script&gt;document.title='pwned-output'&lt;/script&gt;");
        assertThat(dom).contains("\"&gt;&lt;img src=x onerror=\"document.title='pwned-img'\"&gt;");
        assertThat(rowsOf(dom)).noneMatch(row -> row.contains(" hidden"));
    }

    @Test
    void aLinkCanOpenTheReportFilteredToRegressedRows() throws Exception {
        assumeTrue(chromium != null, "no chromium binary on the PATH (Debian: apt-get install chromium)");

        String dom = dumpDom(writeReport(List.of(SuiteReport.of(ReportFixtures.hostile()))), "#filter=regressed");

        List<String> rows = rowsOf(dom);
        assertThat(rows).hasSize(10);
        assertThat(rows).filteredOn(row -> !row.contains(" hidden")).hasSize(2)
                .allMatch(row -> row.contains("data-tags=\"regressed"));
        assertThat(dom).contains("data-filter=\"regressed\" aria-pressed=\"true\"");
    }

    @Test
    void aScreenshotOfTheSampleReport() throws Exception {
        assumeTrue(chromium != null, "no chromium binary on the PATH (Debian: apt-get install chromium)");
        Path page = writeReport(SampleRuns.reports());
        Path screenshot = Path.of("target", "report-screenshot.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);

        chromium("--screenshot=" + screenshot, "--window-size=1280,1600", page.toUri().toString());

        try (DataInputStream png = new DataInputStream(Files.newInputStream(screenshot))) {
            assertThat(png.readLong()).as("PNG signature").isEqualTo(0x89504E470D0A1A0AL);
            png.readInt(); // IHDR length
            assertThat(png.readInt()).as("IHDR").isEqualTo(0x49484452);
            assertThat(png.readInt()).as("width").isEqualTo(1280);
            assertThat(png.readInt()).as("height").isEqualTo(1600);
        }
        assertThat(Files.size(screenshot)).as("a page with content, not a blank one").isGreaterThan(100_000);
    }
}
