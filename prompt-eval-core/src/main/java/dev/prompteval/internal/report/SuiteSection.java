package dev.prompteval.internal.report;

import dev.prompteval.internal.gate.GateResult;
import dev.prompteval.internal.run.RunResult;

import java.util.List;

/** One suite's section of {@code report.html}: what ran, the metric table with intervals drawn, the rule lines. */
final class SuiteSection {
    private final Html html;
    private final SuiteReport report;
    private final GateResult gate;
    private final RowChange.Listing rows;
    private final String anchor;

    SuiteSection(Html html, SuiteReport report, RowChange.Listing rows, String anchor) {
        this.html = html;
        this.report = report;
        this.gate = report.gate();
        this.rows = rows;
        this.anchor = anchor;
    }

    void write() {
        html.open("section", "class", "card suite", "id", anchor, "data-filter", "all").newline()
                .open("div", "class", "suite-head").element("h2", gate.suite())
                .element("span", gate.decision().name(), "class",
                        "badge large " + HtmlReport.decisionClass(gate.decision()));
        if (gate.decision() == dev.prompteval.gate.Decision.INCONCLUSIVE) {
            html.element("span", gate.blocking() ? "blocks" : "does not block", "class", "muted");
        }
        html.close("div").newline();
        meta();
        metrics();
        callout("violations", "Violations", report.violations());
        callout("warnings", "Warnings", report.warnings());
        callout("notes", "Notes", gate.notes());
        new RowsTable(html, gate, rows).write();
        html.close("section").newline();
    }

    private void meta() {
        RunResult candidate = gate.candidate();
        html.open("dl", "class", "meta");
        entry("Prompt", candidate.prompt());
        entry("Candidate", version(candidate));
        entry("Baseline", gate.baseline() == null ? "none: first version, so no regression check"
                : version(gate.baseline()));
        entry("Model", Format.model(candidate));
        entry("Dataset", candidate.datasetHash());
        int repeats = candidate.rows().stream().mapToInt(r -> r.samples().size()).max().orElse(0);
        entry("Rows", Format.count(candidate.rows().size(), "row") + " × " + Format.count(repeats, "sample")
                + (candidate.complete() ? "" : " (incomplete run)"));
        entry("Rules", rules());
        html.close("dl").newline();
    }

    private static String version(RunResult run) {
        return Format.reference(run) + " · " + run.contentHash();
    }

    private String rules() {
        var rules = gate.rules();
        StringBuilder text = new StringBuilder(Format.level(rules.confidenceLevel()) + " intervals ("
                + rules.interval().name().toLowerCase(java.util.Locale.ROOT) + ")");
        if (gate.hasBaseline()) text.append(" · allowed regression ").append(Format.value(rules.maxRegression()));
        if (rules.minPassRate() != null) text.append(" · min pass rate ").append(Format.value(rules.minPassRate()));
        if (rules.minScore() != null) text.append(" · min score ").append(Format.value(rules.minScore()));
        text.append(" · inconclusive ").append(rules.policy()
                == dev.prompteval.gate.GatePolicy.REQUIRE_SHOWN_WITHIN_MARGIN ? "blocks" : "warns");
        return text.toString();
    }

    private void entry(String term, String value) {
        html.element("dt", term).element("dd", value);
    }

    private void metrics() {
        List<MetricLine> lines = MetricLine.of(gate);
        List<MetricLine> headline = lines.stream().filter(MetricLine::headline).toList();
        List<MetricLine> slices = lines.stream().filter(l -> !l.headline()).toList();
        metricTable(headline);
        legend();
        if (slices.isEmpty()) return;
        html.open("details", "class", "slices").element("summary", "Per metric and tag, not gated: "
                + Format.count(slices.size(), "comparison")).newline();
        metricTable(slices);
        html.close("details").newline();
    }

    private void metricTable(List<MetricLine> lines) {
        boolean paired = gate.hasBaseline();
        IntervalChart chart = IntervalChart.of(lines, paired);
        String level = Format.level(gate.rules().confidenceLevel());
        html.open("table", "class", "metrics").open("thead").open("tr").element("th", "Metric")
                .element("th", "Candidate", "class", "num");
        if (paired) html.element("th", "Baseline", "class", "num").element("th", "Delta", "class", "num");
        html.element("th", paired ? level + " CI of delta" : level + " CI", "class", "num")
                .open("th", "class", "chart");
        chart.axis(html);
        html.close("th").element("th", "Rows", "class", "num").element("th", "Outcome").close("tr").close("thead")
                .open("tbody").newline();
        for (MetricLine line : lines) {
            html.open("tr").element("td", line.key().label()).element("td", Format.value(line.candidate()),
                    "class", "num");
            if (paired) {
                html.element("td", Format.value(line.baseline()), "class", "num")
                        .element("td", Format.signed(line.delta()), "class", "num");
            }
            String interval = Format.interval(paired ? line.interval() : line.own());
            html.element("td", interval, "class", "num muted-num").open("td", "class", "chart");
            chart.draw(html, line, describe(line, interval, paired));
            html.close("td").element("td", String.valueOf(line.n()), "class", "num")
                    .open("td").element("span", Format.outcome(line.outcome()), "class",
                            "badge " + Format.outcome(line.outcome()).replace(' ', '-')).close("td")
                    .close("tr").newline();
        }
        html.close("tbody").close("table").newline();
    }

    private void legend() {
        html.element("p", gate.hasBaseline()
                ? "Each bar is the interval of the paired difference candidate − baseline, the dot its mean; the grey"
                + " line is zero, the dashed red line the allowed regression. PASS when the whole bar is right of the"
                + " dashed line; FAIL when it is wholly left of zero and reaches past the dashed line; otherwise"
                + " INCONCLUSIVE."
                : "Each bar is the candidate's own interval on 0..1, the dot its mean; the dashed red line is the"
                + " configured minimum.", "class", "legend").newline();
    }

    private static String describe(MetricLine line, String interval, boolean paired) {
        String text = line.key().label() + ": " + (paired
                ? "difference " + Format.signed(line.delta()) + ", interval " + interval
                : "candidate " + Format.value(line.candidate()) + ", interval " + interval);
        if (line.margin() != null) text += ", allowed regression " + Format.value(line.margin());
        if (line.minimum() != null) text += ", minimum " + Format.value(line.minimum());
        return text + ", " + Format.outcome(line.outcome());
    }

    private void callout(String kind, String title, List<String> lines) {
        if (lines.isEmpty()) return;
        html.open("div", "class", "callout " + kind).element("h3", title).open("ul");
        lines.forEach(line -> html.element("li", line));
        html.close("ul").close("div").newline();
    }
}
