package dev.prompteval.internal.report;

import dev.prompteval.gate.Decision;
import dev.prompteval.internal.run.RunResult;
import dev.prompteval.report.GateFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * {@code report.html}: one self-contained page (inline style sheet and script, no network, no external fonts) with a
 * summary of the suites, then per suite its metric table with the intervals drawn, the violation lines and the rows
 * with filters. Every piece of data goes through {@link Html}, which escapes it; a Content-Security-Policy admits
 * only the page's own script (by hash) and no network at all, as a second line of defence.
 */
final class HtmlReport {
    private static final String CSS = resource("report.css");
    private static final String SCRIPT = resource("report.js");

    private HtmlReport() {
    }

    static String write(List<SuiteReport> suites) {
        // Each suite's rows paired once: the overview's counts and the suite's rows table read the same listing.
        return write(suites, suites.stream().map(s -> RowsTable.listing(s.gate())).toList());
    }

    /** @param listings each suite's rows as {@link RowsTable#WANTED} asks for them, in the suites' order */
    static String write(List<SuiteReport> suites, List<RowChange.Listing> listings) {
        Decision overall = GateJson.overall(suites);
        Html html = new Html();
        html.raw("<!DOCTYPE html>").newline().open("html", "lang", "en").newline().open("head").newline()
                .empty("meta", "charset", "utf-8")
                .empty("meta", "name", "viewport", "content", "width=device-width, initial-scale=1")
                .empty("meta", "http-equiv", "Content-Security-Policy", "content", "default-src 'none'; "
                        + "style-src 'unsafe-inline'; script-src 'sha256-" + scriptHash() + "'; img-src data:")
                .newline().element("title", "prompt-eval report: " + overall.name()).newline()
                .open("style").raw(CSS).close("style").newline().close("head").newline()
                .open("body").open("main").newline();
        header(html, suites, overall);
        overview(html, suites, listings);
        for (int i = 0; i < suites.size(); i++) {
            new SuiteSection(html, suites.get(i), listings.get(i), "suite-" + (i + 1)).write();
        }
        html.element("footer", "prompt-eval · gate.json schema " + GateFile.SCHEMA
                + " · this page is self-contained and loads nothing from the network").newline();
        html.close("main").newline().open("script").raw(SCRIPT).close("script").newline()
                .close("body").newline().close("html").newline();
        return html.toString();
    }

    private static void header(Html html, List<SuiteReport> suites, Decision overall) {
        long blocking = suites.stream().filter(s -> s.gate().blocking()).count();
        html.open("header", "class", "page").element("span", "prompt-eval", "class", "brand")
                .element("h1", "Evaluation report")
                .element("span", overall.name(), "class", "badge large " + decisionClass(overall))
                .close("header").newline();
        html.element("p", Format.count(suites.size(), "suite") + " · " + (blocking == 0
                ? "nothing blocks the build" : blocking + " of " + suites.size() + " block the build"), "class", "lede")
                .newline();
    }

    private static void overview(Html html, List<SuiteReport> suites, List<RowChange.Listing> listings) {
        html.open("section", "class", "card overview").element("h2", "Suites").newline()
                .open("table", "class", "suites").open("thead").open("tr");
        for (String head : List.of("Suite", "Decision", "Candidate", "Baseline", "Model", "Rows", "Regressed",
                "Errored")) {
            html.element("th", head, "class", head.startsWith("R") || head.equals("Errored") ? "num" : null);
        }
        html.close("tr").close("thead").open("tbody").newline();
        for (int i = 0; i < suites.size(); i++) {
            SuiteReport suite = suites.get(i);
            RunResult candidate = suite.candidate();
            RowChange.Listing rows = listings.get(i);
            html.open("tr").open("td").element("a", suite.suite(), "href", "#suite-" + (i + 1)).close("td")
                    .open("td").element("span", suite.gate().decision().name(), "class",
                            "badge " + decisionClass(suite.gate().decision())).close("td")
                    .element("td", Format.reference(candidate), "class", "mono")
                    .element("td", suite.baseline() == null ? "none (first version)"
                            : Format.reference(suite.baseline()), "class", "mono")
                    .element("td", Format.model(candidate))
                    .element("td", String.valueOf(candidate.rows().size()), "class", "num")
                    .element("td", String.valueOf(rows.tagCounts().get("regressed")), "class", "num")
                    .element("td", String.valueOf(rows.tagCounts().get("errored")), "class", "num")
                    .close("tr").newline();
        }
        html.close("tbody").close("table").close("section").newline();
    }

    static String decisionClass(Decision decision) {
        return decision.name().toLowerCase(Locale.ROOT);
    }

    /** Base64 SHA-256 of the script, as a CSP source expects it. */
    private static String scriptHash() {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(SCRIPT.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("the report resource " + name + " is missing from the jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the report resource " + name, e);
        }
    }
}
