package dev.prompteval.internal.report;

import dev.prompteval.gate.Decision;
import dev.prompteval.gate.Outcome;
import dev.prompteval.internal.gate.GateResult;
import dev.prompteval.internal.run.RowResult;
import dev.prompteval.internal.run.RunResult;
import dev.prompteval.internal.run.SampleResult;
import dev.prompteval.score.Score;

import java.util.List;

/**
 * {@code report.md}, ready to post as a pull-request comment: the decision, one table per suite, the violation lines,
 * warnings and notes, then the regressed rows (failing rows without a baseline) with both outputs. Kept short enough
 * for a comment: outputs are cut to {@value #OUTPUT_CHARS} characters and at most {@value #LISTED_ROWS} rows are
 * listed in all (at least {@value #MIN_LISTED_ROWS} per suite); report.html has every row.
 */
final class MarkdownReport {
    static final int OUTPUT_CHARS = 300;
    static final int LISTED_ROWS = 20;
    static final int MIN_LISTED_ROWS = 5;

    private final StringBuilder out = new StringBuilder();

    private MarkdownReport() {
    }

    static String write(List<SuiteReport> suites) {
        return write(suites, suites.stream().map(s -> RowChange.list(s.gate(), wanted(suites.size(), s.gate())))
                .toList());
    }

    /** The rows a suite's section lists among {@code suites}: the regressed, or without a baseline the failing. */
    static RowChange.Wanted wanted(int suites, GateResult gate) {
        boolean paired = gate.hasBaseline();
        return new RowChange.Wanted(r -> paired ? r.regressed() : r.failing(),
                Math.max(MIN_LISTED_ROWS, LISTED_ROWS / Math.max(1, suites)));
    }

    /** @param listings each suite's rows as {@link #wanted} asks for them, in the suites' order */
    static String write(List<SuiteReport> suites, List<RowChange.Listing> listings) {
        MarkdownReport report = new MarkdownReport();
        report.headline(suites);
        for (int i = 0; i < suites.size(); i++) report.suite(suites.get(i), listings.get(i));
        report.out.append("---\n_prompt-eval: every row, both outputs and the intervals drawn are in report.html._\n");
        return report.out.toString();
    }

    private void headline(List<SuiteReport> suites) {
        Decision overall = GateJson.overall(suites);
        long blocking = suites.stream().filter(s -> s.gate().blocking()).count();
        out.append("## ").append(icon(overall)).append(" prompt-eval: ").append(overall.name()).append("\n\n");
        if (suites.size() > 1 || overall == Decision.INCONCLUSIVE) {
            out.append(Format.count(suites.size(), "suite")).append(" evaluated, ")
                    .append(blocking == 0 ? "none blocks" : blocking + " " + (blocking == 1 ? "blocks" : "block"))
                    .append(" the build.\n\n");
        }
        if (suites.stream().anyMatch(s -> s.gate().decision() == Decision.NOT_EVALUATED)) {
            out.append("Some rows got no answer from the provider (rate limits, an outage, quota): no verdict on the "
                    + "prompt. Run the build again to resume; completed results are kept.\n\n");
        }
    }

    private void suite(SuiteReport report, RowChange.Listing listing) {
        GateResult gate = report.gate();
        out.append("### ").append(icon(gate.decision())).append(' ').append(Md.text(gate.suite())).append(": ")
                .append(gate.decision().name());
        if (gate.decision() == Decision.INCONCLUSIVE) out.append(gate.blocking() ? " (blocks)" : " (does not block)");
        out.append("\n\n");
        versions(gate);
        metrics(gate);
        list("Violations", report.violations());
        list("Warnings", report.warnings());
        list("Notes", gate.notes());
        rows(gate, listing);
    }

    private void versions(GateResult gate) {
        RunResult candidate = gate.candidate();
        out.append("Prompt ").append(Md.code(candidate.prompt())).append(" · candidate ")
                .append(version(candidate)).append(" · baseline ")
                .append(gate.baseline() == null ? "none (first version)" : version(gate.baseline()))
                .append(" · ").append(Md.text(Format.model(candidate))).append(" · ")
                .append(Format.count(candidate.rows().size(), "row")).append(" · dataset ")
                .append(Md.code(Format.shortHash(candidate.datasetHash()))).append("\n\n");
    }

    private static String version(RunResult run) {
        return Md.code(Format.reference(run)) + " (" + Md.code(Format.shortHash(run.contentHash())) + ")";
    }

    private void metrics(GateResult gate) {
        List<MetricLine> lines = MetricLine.of(gate);
        metricTable(gate, lines.stream().filter(MetricLine::headline).toList());
        List<MetricLine> slices = lines.stream().filter(l -> !l.headline()).toList();
        if (slices.isEmpty()) return;
        out.append("<details><summary>Per metric and tag, not gated: ")
                .append(Format.count(slices.size(), "comparison")).append("</summary>\n\n");
        metricTable(gate, slices);
        out.append("</details>\n\n");
    }

    private void metricTable(GateResult gate, List<MetricLine> lines) {
        String level = Format.level(gate.rules().confidenceLevel());
        boolean paired = gate.hasBaseline();
        out.append(paired
                ? "| Metric | Candidate | Baseline | Delta | " + level + " CI of delta | Rows | Outcome |\n"
                + "|:--|--:|--:|--:|:--|--:|:--|\n"
                : "| Metric | Candidate | " + level + " CI | Minimum | Rows | Outcome |\n|:--|--:|:--|--:|--:|:--|\n");
        for (MetricLine line : lines) {
            out.append("| ").append(Md.text(line.key().label())).append(" | ").append(Format.value(line.candidate()));
            if (paired) {
                out.append(" | ").append(Format.value(line.baseline())).append(" | ")
                        .append(Format.signed(line.delta())).append(" | ").append(Format.interval(line.interval()));
            } else {
                out.append(" | ").append(Format.interval(line.own())).append(" | ")
                        .append(Format.value(line.minimum()));
            }
            out.append(" | ").append(line.n()).append(" | ").append(outcome(line.outcome())).append(" |\n");
        }
        out.append('\n');
    }

    private void list(String title, List<String> lines) {
        if (lines.isEmpty()) return;
        out.append("**").append(title).append("**\n\n");
        lines.forEach(line -> out.append("- ").append(Md.text(line)).append('\n'));
        out.append('\n');
    }

    private void rows(GateResult gate, RowChange.Listing listing) {
        boolean paired = gate.hasBaseline();
        long listed = listing.matching();
        if (listed == 0) return;
        String what = paired ? "Regressed rows" : "Failing rows";
        int shown = listing.first().size();
        out.append("<details><summary>").append(what).append(": ").append(listed)
                .append(shown < listed ? " (the first " + shown + " listed)" : "")
                .append("</summary>\n\n");
        listing.first().forEach(this::row);
        if (shown < listed) {
            out.append("…and ").append(listed - shown).append(" more; see report.html.\n\n");
        }
        out.append("</details>\n\n");
    }

    private void row(RowChange change) {
        out.append("#### ").append(Md.text(change.row().displayName())).append("\n\n");
        out.append(movement("pass rate", change, RowResult::passRate)).append(" · ")
                .append(movement("score", change, RowResult::meanScore));
        int samples = change.candidate().samples().size();
        if (samples > 1) out.append(" · ").append(samples).append(" samples");
        out.append("\n\n");
        for (RowChange.AssertionChange a : change.assertionChanges()) {
            out.append("- ").append(Md.code(a.assertion())).append(": ");
            if (change.baseline() != null) out.append("baseline ").append(score(a.baseline())).append(" → ");
            out.append("candidate ").append(score(a.candidate())).append('\n');
        }
        if (!change.assertionChanges().isEmpty()) out.append('\n');
        if (change.baseline() != null) output("Baseline", change.baselineSample());
        output("Candidate", change.candidateSample());
    }

    private static String movement(String name, RowChange change, java.util.function.ToDoubleFunction<RowResult> f) {
        String after = Format.value(f.applyAsDouble(change.candidate()));
        return change.baseline() == null ? name + " " + after
                : name + " " + Format.value(f.applyAsDouble(change.baseline())) + " → " + after;
    }

    private static String score(Score score) {
        if (score == null) return "not checked";
        return (score.pass() ? "passed" : "failed") + (score.reason().isBlank() ? "" : " (" + Md.text(
                Format.truncate(score.reason(), OUTPUT_CHARS)) + ")");
    }

    private void output(String side, SampleResult sample) {
        if (sample.errored()) {
            out.append("**").append(side).append(" error**: ").append(Md.text(Format.truncate(sample.error(),
                    OUTPUT_CHARS))).append("\n\n");
            return;
        }
        out.append("**").append(side).append(" output**\n\n")
                .append(Md.block(Format.truncate(sample.output(), OUTPUT_CHARS))).append('\n');
    }

    private static String icon(Decision decision) {
        return switch (decision) {
            case PASS -> "✅";
            case FAIL -> "❌";
            case INCONCLUSIVE -> "❔";
            case NOT_EVALUATED -> "⏸️";
        };
    }

    private static String outcome(Outcome outcome) {
        if (outcome == null) return Format.outcome(null);
        String icon = switch (outcome) {
            case PASS -> "✅";
            case WARN -> "⚠️";
            case INCONCLUSIVE -> "❔";
            case NOT_EVALUATED -> "⏸️";
            case FAIL -> "❌";
        };
        return icon + " " + Format.outcome(outcome);
    }
}
