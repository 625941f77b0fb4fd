package dev.prompteval.internal.report;

import dev.prompteval.dataset.Row;
import dev.prompteval.internal.gate.Gate;
import dev.prompteval.internal.gate.GateRules;
import dev.prompteval.internal.run.RowResult;
import dev.prompteval.internal.run.RunResult;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;

import static dev.prompteval.internal.report.ReportFixtures.baseline;
import static dev.prompteval.internal.report.ReportFixtures.candidate;
import static dev.prompteval.internal.report.ReportFixtures.errored;
import static dev.prompteval.internal.report.ReportFixtures.failing;
import static dev.prompteval.internal.report.ReportFixtures.passing;
import static dev.prompteval.internal.report.ReportFixtures.row;
import static dev.prompteval.internal.report.ReportFixtures.rows;
import static org.assertj.core.api.Assertions.assertThat;

/** The JUnit XML, parsed back with the JDK's DOM parser. */
class JUnitReportTest {
    private static Element parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document document = factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        return document.getDocumentElement();
    }

    private static Element testCase(Element suite, String name) {
        NodeList cases = suite.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element element = (Element) cases.item(i);
            if (element.getAttribute("name").equals(name)) return element;
        }
        throw new AssertionError("no test case " + name);
    }

    private static Element child(Element testCase, String tag) {
        NodeList children = testCase.getElementsByTagName(tag);
        return children.getLength() == 0 ? null : (Element) children.item(0);
    }

    @Test
    void oneTestCasePerRowAndPerRuleInSurefiresFormat() throws Exception {
        Element suite = parse(JUnitReport.write(SuiteReport.of(ReportFixtures.fail())));

        assertThat(suite.getTagName()).isEqualTo("testsuite");
        assertThat(suite.getAttribute("name")).isEqualTo("prompt-eval.order-summary");
        assertThat(suite.getAttributeNS("http://www.w3.org/2001/XMLSchema-instance", "noNamespaceSchemaLocation"))
                .isEqualTo("https://maven.apache.org/surefire/maven-surefire-plugin/xsd/surefire-test-report.xsd");
        // 200 rows + 5 checks (complete-run, paired-rows, no-errors, max-regression for score and pass rate);
        // rows 163-200 fail, and both regression checks.
        assertThat(suite.getAttribute("tests")).isEqualTo("205");
        assertThat(suite.getAttribute("failures")).isEqualTo("40");
        assertThat(suite.getAttribute("errors")).isEqualTo("0");
        assertThat(suite.getAttribute("skipped")).isEqualTo("0");
        assertThat(suite.getElementsByTagName("testcase").getLength()).isEqualTo(205);
        assertThat(suite.getElementsByTagName("failure").getLength()).isEqualTo(40);
        // 200 samples of 250 ms
        assertThat(suite.getAttribute("time")).isEqualTo("50.000");

        Element passed = testCase(suite, "[r1] refund request 1");
        assertThat(passed.getAttribute("classname")).isEqualTo("prompt-eval.order-summary.rows");
        assertThat(passed.getAttribute("time")).isEqualTo("0.250");
        assertThat(passed.getChildNodes().getLength()).isZero();

        Element failed = child(testCase(suite, "[r163] refund request 163"), "failure");
        assertThat(failed.getAttribute("message"))
                .isEqualTo("failed: contains:refund failed: output does not contain \"refund\"");
        assertThat(failed.getTextContent()).contains("output:\nSorry, I cannot help with r163.")
                .contains("FAILED contains:refund: output does not contain \"refund\"");

        Element rule = testCase(suite, "max-regression pass-rate");
        assertThat(rule.getAttribute("classname")).isEqualTo("prompt-eval.order-summary.gate");
        assertThat(child(rule, "failure").getAttribute("message")).isEqualTo("order-summary: pass rate is 0.81"
                + " [0.76, 0.84], but baseline is 0.90 and the allowed regression is 0.02 (McNemar mid-p p = <0.0001)");
        assertThat(child(testCase(suite, "complete-run"), "failure")).isNull();

        NodeList properties = suite.getElementsByTagName("property");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < properties.getLength(); i++) names.add(((Element) properties.item(i)).getAttribute("name"));
        assertThat(names).contains("prompt-eval.decision", "prompt-eval.candidate.contentHash",
                "prompt-eval.baseline.contentHash");
    }

    @Test
    void erroredRowsAreErrorsRowsThatDidNotRunAreSkippedAndAnyOutputStaysWellFormed() throws Exception {
        List<Row> rows = rows(4);
        String hostile = "]]> <b>&amp; \u0001\u001b[31m \"quotes\" \uD800 end";
        List<RowResult> candidateRows = new ArrayList<>();
        candidateRows.add(failing(rows.get(0), hostile));
        candidateRows.add(errored(rows.get(1), "HTTP 429 <too many> & more"));
        candidateRows.add(new RowResult(rows.get(2), List.of()));
        candidateRows.add(passing(rows.get(3), "refund"));
        RunResult candidate = candidate(candidateRows);

        String xml = JUnitReport.write(SuiteReport.of(new Gate(GateRules.defaults()).evaluate(candidate, null)));
        Element suite = parse(xml);

        // r2's error and the incomplete run (a row that ran no sample is not evaluated: a run error, not a failure)
        assertThat(suite.getAttribute("errors")).isEqualTo("2");
        assertThat(suite.getAttribute("skipped")).isEqualTo("1");
        Element error = child(testCase(suite, "[r2] refund request 2"), "error");
        assertThat(error.getAttribute("message")).isEqualTo("errored: HTTP 429 <too many> & more");
        assertThat(child(testCase(suite, "[r3] refund request 3"), "skipped").getAttribute("message"))
                .isEqualTo("the row did not run");
        assertThat(child(testCase(suite, "[r1] refund request 1"), "failure").getTextContent())
                .contains("]]> <b>&amp; \uFFFD\uFFFD[31m \"quotes\" \uFFFD end");
        assertThat(child(testCase(suite, "no-errors [r2]"), "failure").getAttribute("message"))
                .isEqualTo("order-summary: row [r2] refund request 2 errored in the candidate: HTTP 429 <too many> & more");
        assertThat(child(testCase(suite, "complete-run"), "failure")).isNull();
        assertThat(child(testCase(suite, "complete-run"), "error").getAttribute("message"))
                .startsWith("order-summary: 1 row of the candidate ran no sample ([r3]): not evaluated");
    }

    @Test
    void anInconclusiveCheckThatDoesNotBlockIsSkippedAndTheSameRuleTwiceGetsTwoNames() throws Exception {
        GateRules warn = GateRules.defaults(); // INCONCLUSIVE does not block by default
        Element suite = parse(JUnitReport.write(SuiteReport.of(ReportFixtures.gate(warn, 200,
                ReportFixtures.passingRanges(200, new int[] {1, 150}, new int[] {161, 168}),
                ReportFixtures.passingRanges(200, new int[] {1, 160})))));

        assertThat(child(testCase(suite, "max-regression pass-rate"), "skipped").getAttribute("message"))
                .contains("inconclusive; could not rule out a drop of up to 5.5 points; about 7,057 rows");
        assertThat(suite.getAttribute("failures")).isEqualTo("42"); // failing rows only: 1-200 minus 158 passing

        Row row = row("r1", "flaky");
        Element both = parse(JUnitReport.write(SuiteReport.of(new Gate(GateRules.defaults()).evaluate(
                candidate(List.of(errored(row, "timeout"))), baseline(List.of(errored(row, "timeout")))))));
        assertThat(testCase(both, "no-errors [r1]")).isNotNull();
        assertThat(testCase(both, "no-errors [r1] (2)")).isNotNull();
    }

    @Test
    void fileNamesAreSafeAndUnique() {
        Set<String> taken = new HashSet<>();
        assertThat(Reports.junitFileName("order-summary", taken)).isEqualTo("TEST-prompt-eval-order-summary.xml");
        assertThat(Reports.junitFileName("a/b c", taken)).isEqualTo("TEST-prompt-eval-a_b_c.xml");
        assertThat(Reports.junitFileName("a?b c", taken)).isEqualTo("TEST-prompt-eval-a_b_c-2.xml");
        assertThat(Reports.junitFileName("Order-Summary", taken)).isEqualTo("TEST-prompt-eval-Order-Summary-2.xml");
    }
}
