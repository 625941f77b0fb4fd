package dev.prompteval.internal.report;

import dev.prompteval.gate.Outcome;
import dev.prompteval.internal.gate.GateResult;
import dev.prompteval.internal.gate.RuleCheck;
import dev.prompteval.internal.run.RowResult;
import dev.prompteval.internal.run.RunResult;
import dev.prompteval.internal.run.SampleResult;

import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * One suite as a JUnit XML report in Maven Surefire's format, which Jenkins, GitLab and GitHub test reporters read:
 * one test case per candidate row (class {@code prompt-eval.<suite>.rows}; a failure when a sample failed, an error
 * when one errored, skipped when the row did not run) and one per gate check (class {@code prompt-eval.<suite>.gate};
 * a failure when it blocks, an error when rows were not evaluated, skipped when it is inconclusive but does not
 * block), every message in the body.
 */
final class JUnitReport {
    private static final String SUREFIRE_XSD =
            "https://maven.apache.org/surefire/maven-surefire-plugin/xsd/surefire-test-report.xsd";
    private static final int BODY_CHARS = 2000;

    /** A test case before it is written; {@code kind} is failure, error, skipped or null for a pass. */
    private record Case(String name, String className, double seconds, String kind, String message, String body) {
    }

    private JUnitReport() {
    }

    static String write(SuiteReport report) {
        StringWriter text = new StringWriter();
        try {
            write(report, text);
        } catch (XMLStreamException e) {
            throw new IllegalStateException("writing XML to a string cannot fail", e);
        }
        return text.toString();
    }

    /**
     * Writes the report to {@code out} a test case at a time: the row cases are made once to count them for the
     * suite's attributes and once more to write them, so a large suite's rows are not all held.
     */
    static void write(SuiteReport report, Writer out) throws XMLStreamException {
        GateResult gate = report.gate();
        String prefix = "prompt-eval." + gate.suite();
        Set<RuleCheck> blocking = new HashSet<>(gate.violations());
        Map<String, Integer> seen = new HashMap<>();
        List<Case> checks = new ArrayList<>();
        for (RuleCheck check : gate.checks()) checks.add(checkCase(prefix + ".gate", check, blocking.contains(check), seen));
        var totals = new Totals();
        gate.candidate().rows().forEach(row -> totals.add(rowCase(prefix + ".rows", row)));
        checks.forEach(totals::add);
        xml(out, prefix, report, totals, gate.candidate().rows().stream().map(row -> rowCase(prefix + ".rows", row)),
                checks);
    }

    /** The suite element's figures over all its cases, in case order. */
    private static final class Totals {
        private double[] seconds = new double[256];
        private int tests;
        private final Map<String, Integer> kinds = new HashMap<>();

        void add(Case c) {
            if (tests == seconds.length) seconds = Arrays.copyOf(seconds, tests * 2);
            seconds[tests++] = c.seconds();
            if (c.kind() != null) kinds.merge(c.kind(), 1, Integer::sum);
        }

        double seconds() {
            return Arrays.stream(seconds, 0, tests).sum();
        }

        String count(String kind) {
            return String.valueOf(kinds.getOrDefault(kind, 0));
        }
    }

    private static Case rowCase(String className, RowResult row) {
        String name = row.row().displayName();
        double seconds = row.samples().stream().mapToLong(SampleResult::latencyMs).sum() / 1000.0;
        List<SampleResult> samples = row.samples();
        if (samples.isEmpty()) return new Case(name, className, 0, "skipped", "the row did not run", null);
        List<SampleResult> errored = samples.stream().filter(SampleResult::errored).toList();
        if (!errored.isEmpty()) {
            return new Case(name, className, seconds, "error", of(errored.size(), samples) + "errored: "
                    + errored.get(0).error(), null);
        }
        List<SampleResult> failed = samples.stream().filter(s -> !s.score().pass()).toList();
        if (failed.isEmpty()) return new Case(name, className, seconds, null, null, null);
        SampleResult first = failed.get(0);
        StringBuilder body = new StringBuilder("output:\n").append(Format.truncate(first.output(), BODY_CHARS))
                .append("\n\nassertions:\n");
        first.score().assertions().forEach(a -> body.append(a.score().pass() ? "  passed " : "  FAILED ")
                .append(a.assertion().display()).append(": ").append(a.score().reason()).append('\n'));
        return new Case(name, className, seconds, "failure", of(failed.size(), samples) + "failed: "
                + first.score().reason(), body.toString());
    }

    /** "2 of 3 samples " with several samples, else nothing. */
    private static String of(int affected, List<SampleResult> samples) {
        return samples.size() > 1 ? affected + " of " + samples.size() + " samples " : "";
    }

    private static Case checkCase(String className, RuleCheck check, boolean blocks, Map<String, Integer> seen) {
        String name = check.rule().id() + (check.metric() == null ? "" : " " + check.metric().id())
                + (check.rowId() == null ? "" : " [" + check.rowId() + "]");
        int n = seen.merge(name, 1, Integer::sum);
        if (n > 1) name += " (" + n + ")"; // e.g. the same row errored in both runs
        // Rows the provider did not answer are an error of the run, not a failed assertion about the prompt.
        String kind = check.outcome() == Outcome.NOT_EVALUATED ? "error" : blocks ? "failure"
                : check.outcome() == Outcome.INCONCLUSIVE ? "skipped" : null;
        return new Case(name, className, 0, kind, check.message(), null);
    }

    private static void xml(Writer out, String suiteName, SuiteReport report, Totals totals, Stream<Case> rows,
                            List<Case> checks) throws XMLStreamException {
        XMLStreamWriter xml = XMLOutputFactory.newInstance().createXMLStreamWriter(out);
        xml.writeStartDocument("UTF-8", "1.0");
        newline(xml, 0);
        xml.writeStartElement("testsuite");
        xml.writeNamespace("xsi", "http://www.w3.org/2001/XMLSchema-instance");
        xml.writeAttribute("http://www.w3.org/2001/XMLSchema-instance", "noNamespaceSchemaLocation", SUREFIRE_XSD);
        xml.writeAttribute("version", "3.0.2");
        attribute(xml, "name", suiteName);
        xml.writeAttribute("time", seconds(totals.seconds()));
        xml.writeAttribute("tests", String.valueOf(totals.tests));
        xml.writeAttribute("errors", totals.count("error"));
        xml.writeAttribute("skipped", totals.count("skipped"));
        xml.writeAttribute("failures", totals.count("failure"));
        properties(xml, report);
        for (Case c : (Iterable<Case>) rows::iterator) testCase(xml, c);
        for (Case c : checks) testCase(xml, c);
        newline(xml, 0);
        xml.writeEndElement();
        newline(xml, 0);
        xml.writeEndDocument();
        xml.close();
    }

    private static void properties(XMLStreamWriter xml, SuiteReport report) throws XMLStreamException {
        GateResult gate = report.gate();
        Map<String, String> properties = new java.util.LinkedHashMap<>();
        properties.put("prompt-eval.decision", gate.decision().name());
        properties.put("prompt-eval.prompt", gate.candidate().prompt());
        side(properties, "candidate", gate.candidate());
        if (gate.baseline() != null) side(properties, "baseline", gate.baseline());
        newline(xml, 1);
        xml.writeStartElement("properties");
        for (var property : properties.entrySet()) {
            newline(xml, 2);
            xml.writeEmptyElement("property");
            attribute(xml, "name", property.getKey());
            attribute(xml, "value", property.getValue() == null ? "" : property.getValue());
        }
        newline(xml, 1);
        xml.writeEndElement();
    }

    private static void side(Map<String, String> properties, String side, RunResult run) {
        properties.put("prompt-eval." + side + ".reference", run.reference());
        properties.put("prompt-eval." + side + ".contentHash", run.contentHash());
        properties.put("prompt-eval." + side + ".model", Format.model(run));
    }

    private static void testCase(XMLStreamWriter xml, Case c) throws XMLStreamException {
        newline(xml, 1);
        if (c.kind() == null) {
            xml.writeEmptyElement("testcase");
        } else {
            xml.writeStartElement("testcase");
        }
        attribute(xml, "name", c.name());
        attribute(xml, "classname", c.className());
        xml.writeAttribute("time", seconds(c.seconds()));
        if (c.kind() == null) return;
        newline(xml, 2);
        xml.writeStartElement(c.kind());
        attribute(xml, "message", c.message());
        if (!c.kind().equals("skipped")) attribute(xml, "type", "prompt-eval." + c.kind());
        xml.writeCharacters(XmlText.clean(c.body() == null ? c.message() : c.message() + "\n\n" + c.body()));
        xml.writeEndElement();
        newline(xml, 1);
        xml.writeEndElement();
    }

    private static void attribute(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        xml.writeAttribute(name, XmlText.clean(value));
    }

    private static void newline(XMLStreamWriter xml, int depth) throws XMLStreamException {
        xml.writeCharacters("\n" + "  ".repeat(depth));
    }

    private static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%.3f", seconds);
    }
}
