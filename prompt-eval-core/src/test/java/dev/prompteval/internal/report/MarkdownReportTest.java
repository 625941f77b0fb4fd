package dev.prompteval.internal.report;

import dev.prompteval.dataset.Row;
import dev.prompteval.internal.gate.Gate;
import dev.prompteval.internal.gate.GateResult;
import dev.prompteval.internal.gate.GateRules;
import dev.prompteval.internal.run.RowResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static dev.prompteval.internal.report.ReportFixtures.baseline;
import static dev.prompteval.internal.report.ReportFixtures.candidate;
import static dev.prompteval.internal.report.ReportFixtures.failing;
import static dev.prompteval.internal.report.ReportFixtures.passing;
import static dev.prompteval.internal.report.ReportFixtures.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MarkdownReportTest {
    @TempDir
    Path dir;

    private static String markdown(GateResult... results) {
        return MarkdownReport.write(Arrays.stream(results).map(SuiteReport::of).toList());
    }

    private static long count(String text, String part) {
        return (text.length() - text.replace(part, "").length()) / part.length();
    }

    @Test
    void aFailHasTheDecisionTheTableTheViolationsAndTheRegressedRows() {
        String md = markdown(ReportFixtures.fail());

        assertThat(md).startsWith("## ❌ prompt-eval: FAIL\n\n### ❌ order-summary: FAIL\n\n");
        assertThat(md).contains("Prompt `support/order-summary` · candidate `file:src/main/prompts/order-summary.json`"
                + " (`sha256:cccccccccccc…`) · baseline `label:prod (version 3)` (`sha256:bbbbbbbbbbbb…`) ·"
                + " openai/gpt-4o-mini · 200 rows · dataset `sha256:dddddddddddd…`");
        // Tango [L, U] = [-0.137766, -0.057687], worked out in GateDecisionTest#failWhenADropIsShownBeyondTheMargin
        assertThat(md).contains("| Metric | Candidate | Baseline | Delta | 95% CI of delta | Rows | Outcome |\n"
                + "|:--|--:|--:|--:|:--|--:|:--|\n"
                + "| score | 0.810 | 0.900 | -0.090 | [-0.138, -0.058] | 200 | ❌ fail |\n"
                + "| pass rate | 0.810 | 0.900 | -0.090 | [-0.138, -0.058] | 200 | ❌ fail |\n");
        assertThat(md).contains("**Violations**\n\n"
                + "- order-summary: score is 0.81 \\[0.76, 0.84\\], but baseline is 0.90 and the allowed regression is"
                + " 0.02 (McNemar mid-p p = \\<0.0001)\n"
                + "- order-summary: pass rate is 0.81 \\[0.76, 0.84\\], but baseline is 0.90 and the allowed regression"
                + " is 0.02 (McNemar mid-p p = \\<0.0001)\n");
        assertThat(md).contains("<details><summary>Regressed rows: 18</summary>");
        assertThat(count(md, "\n#### ")).isEqualTo(18);
        assertThat(md).contains("#### \\[r163\\] refund request 163\n\npass rate 1.000 → 0.000 · score 1.000 → 0.000\n\n"
                + "- `contains:refund`: baseline passed (output contains \"refund\") → candidate failed (output does"
                + " not contain \"refund\")\n\n"
                + "**Baseline output**\n\n```text\nYour refund for r163 was issued.\n```\n\n"
                + "**Candidate output**\n\n```text\nSorry, I cannot help with r163.\n```\n");
        assertThat(md).doesNotContain("more; see report.html");
    }

    @Test
    void aPassListsNoViolationsAndThePassingTable() {
        String md = markdown(ReportFixtures.pass());

        assertThat(md).startsWith("## ✅ prompt-eval: PASS\n");
        assertThat(md).contains("| pass rate | 0.910 | 0.900 | +0.010 | [-0.011, 0.032] | 400 | ✅ pass |");
        assertThat(md).doesNotContain("**Violations**");
        assertThat(md).contains("<details><summary>Regressed rows: 6</summary>");
    }

    @Test
    void anInconclusiveResultSaysWhetherItBlocks() {
        String md = markdown(ReportFixtures.inconclusive());

        assertThat(md).startsWith("## ❔ prompt-eval: INCONCLUSIVE\n\n1 suite evaluated, none blocks the build.\n\n"
                + "### ❔ order-summary: INCONCLUSIVE (does not block)\n");
        assertThat(md).contains("| pass rate | 0.790 | 0.800 | -0.010 | [-0.055, 0.034] | 200 | ❔ inconclusive |");
        assertThat(md).contains("inconclusive; could not rule out a drop of up to 5.5 points; about 7,057 rows (6,242 to"
                + " 8,075; now 200) would settle a 2-point margin");
    }

    @Test
    void withoutABaselineItShowsTheCandidatesIntervalTheMinimumAndTheFailingRows() {
        String md = markdown(ReportFixtures.noBaseline());

        assertThat(md).contains("baseline none (first version)");
        // 9 of 10 pass: Wilson [0.5958, 0.9821] (statsmodels 0.13.5 proportion_confint, method wilson)
        assertThat(md).contains("| Metric | Candidate | 95% CI | Minimum | Rows | Outcome |\n"
                + "|:--|--:|:--|--:|--:|:--|\n"
                + "| score | 0.900 | [0.596, 0.982] | — | 10 | not gated |\n"
                + "| pass rate | 0.900 | [0.596, 0.982] | 0.800 | 10 | ✅ pass |\n");
        assertThat(md).contains("**Notes**\n\n- order-summary: no baseline, so no regression check;");
        assertThat(md).contains("<details><summary>Failing rows: 1</summary>\n\n#### \\[r10\\] refund request 10\n\n"
                + "pass rate 0.000 · score 0.000\n\n- `contains:refund`: candidate failed (output does not contain"
                + " \"refund\")\n\n**Candidate output**");
        assertThat(md).doesNotContain("**Baseline output**");
    }

    @Test
    void longOutputsAreCutAndAtMostTwentyRowsAreListed() {
        List<Row> rows = new ArrayList<>();
        List<RowResult> before = new ArrayList<>();
        List<RowResult> after = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            Row row = row("r" + i, "row " + i);
            rows.add(row);
            before.add(passing(row, "refund " + "x".repeat(493)));
            after.add(failing(row, "sorry " + "y".repeat(494)));
        }
        String md = markdown(new Gate(GateRules.defaults()).evaluate(candidate(after), baseline(before)));

        assertThat(md).contains("<details><summary>Regressed rows: 30 (the first 20 listed)</summary>");
        assertThat(count(md, "\n#### ")).isEqualTo(20);
        assertThat(md).contains("…and 10 more; see report.html.");
        assertThat(md).contains("```text\nrefund " + "x".repeat(293) + "… (200 more characters)\n```");
        assertThat(md).doesNotContain("x".repeat(294));
    }

    @Test
    void severalSuitesShareTheRowBudget() {
        String md = markdown(ReportFixtures.fail(), ReportFixtures.fail());

        assertThat(md).startsWith("## ❌ prompt-eval: FAIL\n\n2 suites evaluated, 2 block the build.\n");
        assertThat(md).contains("<details><summary>Regressed rows: 18 (the first 10 listed)</summary>");
        assertThat(count(md, "\n#### ")).isEqualTo(20);
    }

    @Test
    void datasetTextCannotBreakTheTableOrBecomeMarkup() {
        Row hostile = ReportFixtures.row("p|1", "a | b *bold* <img src=x onerror=alert(1)> [link](http://x)",
                Map.of("ticket", "t"), "team|x");
        Row plain = ReportFixtures.row("p2", "plain", "team|x");
        GateResult result = new Gate(GateRules.defaults()).evaluate(
                candidate(List.of(failing(hostile, "```\n| not | a | table |\n```"), passing(plain, "refund"))),
                baseline(List.of(passing(hostile, "refund"), passing(plain, "refund"))));

        String md = markdown(result);

        assertThat(md).contains("#### \\[p\\|1\\] a \\| b \\*bold\\* \\<img src=x onerror=alert(1)\\> \\[link\\](http://x)");
        String tagLine = md.lines().filter(l -> l.startsWith("| pass rate for tag")).findFirst().orElseThrow();
        assertThat(tagLine).startsWith("| pass rate for tag team\\|x | ");
        assertThat(tagLine.split("(?<!\\\\)\\|", -1)).hasSize(9); // seven cells between eight unescaped pipes
        assertThat(md).contains("````text\n```\n| not | a | table |\n```\n````\n");
    }

    @Test
    void theReportIsAppendedToTheGitHubStepSummary() throws IOException {
        Path summary = Files.writeString(dir.resolve("step-summary.md"), "## earlier step\n");
        Path out = dir.resolve("prompt-eval");

        List<Path> written = new Reports(name -> name.equals("GITHUB_STEP_SUMMARY") ? summary.toString() : null)
                .write(out, List.of(SuiteReport.of(ReportFixtures.fail())));

        String report = Files.readString(out.resolve("report.md"));
        assertThat(Files.readString(summary)).isEqualTo("## earlier step\n" + report + "\n");
        assertThat(written).containsExactly(out.resolve("gate.json"), out.resolve("report.md"),
                out.resolve("TEST-prompt-eval-order-summary.xml"), out.resolve("report.html"), summary);
    }

    @Test
    void withoutTheVariableNothingElseIsWritten() throws IOException {
        List<Path> written = new Reports(name -> null).write(dir, List.of(SuiteReport.of(ReportFixtures.pass())));

        assertThat(written).hasSize(4);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("gate.json", "report.md",
                    "TEST-prompt-eval-order-summary.xml", "report.html");
        }
    }

    @Test
    void anUnwritableStepSummaryIsAnErrorNamingIt() {
        Path missing = dir.resolve("no-such-folder").resolve("summary.md");

        assertThatThrownBy(() -> new Reports(name -> missing.toString()).write(dir.resolve("out"),
                List.of(SuiteReport.of(ReportFixtures.pass()))))
                .isInstanceOf(ReportException.class)
                .hasMessageStartingWith("cannot append the report to " + missing + ", named by $GITHUB_STEP_SUMMARY");
    }

    @Test
    void runMessagesAreWarnings() {
        String md = MarkdownReport.write(List.of(new SuiteReport(ReportFixtures.pass(),
                List.of("candidate run: a torn journal line was dropped"))));

        assertThat(md).contains("**Warnings**\n\n- candidate run: a torn journal line was dropped\n");
    }
}
