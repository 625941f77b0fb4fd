package dev.prompteval.internal.report;

import dev.prompteval.internal.gate.GateResult;
import dev.prompteval.internal.run.RowResult;
import dev.prompteval.internal.run.SampleResult;
import dev.prompteval.score.Score;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The rows of a suite in {@code report.html}: filter buttons, then one entry per row, those needing attention first,
 * each with its inputs, the assertions that changed and the baseline and candidate outputs side by side. Outputs are
 * cut to {@value #OUTPUT_CHARS} characters and at most {@value #MAX_ROWS} rows are listed, to keep the page light.
 */
final class RowsTable {
    static final int OUTPUT_CHARS = 4000;
    static final int VARIABLE_CHARS = 1000;
    static final int MAX_ROWS = 1000;
    /** Rows whose details start open: the first ones needing attention. */
    private static final int OPEN_DETAILS = 50;

    private final Html html;
    private final GateResult gate;
    private final RowChange.Listing listing;

    /** @param listing the suite's rows as {@link #listing} lists them */
    RowsTable(Html html, GateResult gate, RowChange.Listing listing) {
        this.html = html;
        this.gate = gate;
        this.listing = listing;
    }

    /** The rows this table lists: the first {@link #MAX_ROWS} in listing order, with the counts over all rows. */
    static final RowChange.Wanted WANTED = new RowChange.Wanted(row -> true, MAX_ROWS);

    /** The rows this table lists (the first {@link #MAX_ROWS} in listing order) and the counts over all rows. */
    static RowChange.Listing listing(GateResult gate) {
        return RowChange.list(gate, WANTED);
    }

    void write() {
        List<RowChange> rows = listing.first();
        html.element("h3", "Rows").newline();
        filters(listing);
        boolean paired = gate.hasBaseline();
        html.open("table", "class", "rows").open("thead").open("tr").element("th", "Status").element("th", "Row")
                .element("th", paired ? "Pass rate (baseline → candidate)" : "Pass rate", "class", "num")
                .element("th", paired ? "Score (baseline → candidate)" : "Score", "class", "num")
                .close("tr").close("thead").newline();
        for (int i = 0; i < rows.size(); i++) row(rows.get(i), i < OPEN_DETAILS);
        html.close("table").newline();
        html.open("p", "class", "no-rows", "hidden", "").text("No row matches this filter.").close("p").newline();
        if (listing.total() > MAX_ROWS) {
            html.element("p", (listing.total() - MAX_ROWS) + " more rows, all passing or unchanged, are not listed.",
                    "class", "muted").newline();
        }
    }

    private void filters(RowChange.Listing rows) {
        html.open("div", "class", "filters", "role", "group", "aria-label", "Show rows");
        button("all", "All", rows.total());
        for (Map.Entry<String, Long> tag : rows.tagCounts().entrySet()) {
            String label = tag.getKey().substring(0, 1).toUpperCase(Locale.ROOT) + tag.getKey().substring(1);
            button(tag.getKey(), label, tag.getValue());
        }
        html.close("div").newline();
    }

    private void button(String filter, String label, long count) {
        html.open("button", "type", "button", "data-filter", filter, "aria-pressed", String.valueOf(filter.equals("all")))
                .text(label).element("span", String.valueOf(count), "class", "count").close("button");
    }

    private void row(RowChange change, boolean open) {
        RowChange.Status status = change.status();
        html.open("tbody", "class", "row", "data-row", change.id(),
                "data-tags", String.join(" ", change.tags()), "data-status", statusName(status));
        html.open("tr", "class", "summary").open("td").element("span", statusName(status), "class",
                "badge " + statusClass(status)).close("td");
        html.open("td", "class", "row-name").element("span", change.id(), "class", "row-id");
        if (change.row().description() != null) html.text(change.row().description());
        change.row().tags().forEach(tag -> html.element("span", tag, "class", "tag"));
        html.close("td")
                .element("td", movement(change, RowResult::passRate), "class", "num")
                .element("td", movement(change, RowResult::meanScore), "class", "num")
                .close("tr");
        html.open("tr", "class", "detail").open("td", "colspan", "4")
                .open("details", "open", open && status != RowChange.Status.PASSED ? "" : null)
                .element("summary", "Assertions and outputs");
        assertions(change);
        outputs(change);
        variables(change);
        html.close("details").close("td").close("tr").close("tbody").newline();
    }

    private static String movement(RowChange change, ToDoubleFunction<RowResult> value) {
        String after = change.candidate() == null ? Format.NONE : Format.value(value.applyAsDouble(change.candidate()));
        return change.baseline() == null ? after
                : Format.value(value.applyAsDouble(change.baseline())) + " → " + after;
    }

    private void variables(RowChange change) {
        if (change.row().variables().isEmpty()) return;
        html.open("details", "class", "inputs").element("summary", "Inputs").open("dl", "class", "vars");
        change.row().variables().forEach((name, value) ->
                html.element("dt", name).element("dd", Format.truncate(value, VARIABLE_CHARS)));
        html.close("dl").close("details");
    }

    private void assertions(RowChange change) {
        List<RowChange.AssertionChange> changes = change.assertionChanges();
        if (changes.isEmpty()) return;
        boolean paired = change.baseline() != null;
        html.open("table", "class", "assertions").open("thead").open("tr")
                .element("th", paired ? "Assertions that changed or fail" : "Failing assertions");
        if (paired) html.element("th", "Baseline");
        html.element("th", "Candidate").close("tr").close("thead").open("tbody");
        for (RowChange.AssertionChange a : changes) {
            html.open("tr").element("td", a.assertion(), "class", "assertion");
            if (paired) verdict(a.baseline());
            verdict(a.candidate());
            html.close("tr");
        }
        html.close("tbody").close("table");
    }

    private void verdict(Score score) {
        html.open("td");
        if (score == null) {
            html.element("span", "not checked", "class", "muted");
        } else {
            html.element("span", score.pass() ? "✓ passed" : "✗ failed", "class",
                    "verdict " + (score.pass() ? "pass" : "fail")).text(score.reason());
        }
        html.close("td");
    }

    private void outputs(RowChange change) {
        SampleResult baseline = change.baselineSample();
        SampleResult candidate = change.candidateSample();
        html.open("div", "class", baseline != null && candidate != null ? "sides" : "sides single");
        if (baseline != null) side("Baseline", baseline, change.baseline());
        if (candidate != null) side("Candidate", candidate, change.candidate());
        if (candidate == null) html.element("p", "The candidate did not run this row.", "class", "muted");
        html.close("div");
    }

    private void side(String label, SampleResult sample, RowResult result) {
        int samples = result.samples().size();
        html.open("div").element("div", label + (samples > 1 ? " · sample " + (sample.sample() + 1) + " of "
                + samples : "") + (sample.errored() ? " · error" : ""), "class", "side-label");
        html.element("pre", Format.truncate(sample.errored() ? sample.error() : sample.output(), OUTPUT_CHARS),
                "class", sample.errored() ? "output error" : "output");
        html.close("div");
    }

    private static String statusName(RowChange.Status status) {
        return status.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static String statusClass(RowChange.Status status) {
        return switch (status) {
            case ERRORED, REGRESSED -> "fail";
            case FAILED -> "warn";
            case IMPROVED -> "pass";
            case NOT_RUN, PASSED -> "neutral";
        };
    }
}
