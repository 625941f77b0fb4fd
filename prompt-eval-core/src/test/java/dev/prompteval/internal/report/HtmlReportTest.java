package dev.prompteval.internal.report;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTML as written; {@link ChromiumReportTest} checks how a browser renders it. */
class HtmlReportTest {
    private static long count(String text, String part) {
        return (text.length() - text.replace(part, "").length()) / part.length();
    }

    @Test
    void everyPieceOfDatasetTextAndModelOutputIsEscaped() {
        String html = HtmlReport.write(List.of(SuiteReport.of(ReportFixtures.hostile())));

        assertThat(count(html, "<script")).as("only the report's own script").isEqualTo(1);
        assertThat(html).doesNotContain("<img", "<i>tag", "</td><script>", "onerror=\"");
        assertThat(html).contains("&lt;script&gt;document.title=&#39;pwned-output&#39;&lt;/script&gt;");
        assertThat(html).contains("&quot;&gt;&lt;img src=x onerror=&quot;document.title=&#39;pwned-img&#39;&quot;&gt;");
        assertThat(html).contains("&lt;/td&gt;&lt;script&gt;alert(&#39;assertion&#39;)&lt;/script&gt;");
        assertThat(html).contains("<span class=\"tag\">&lt;i&gt;tag&lt;/i&gt;</span>");
    }

    @Test
    void theContentSecurityPolicyAdmitsOnlyTheReportsOwnScriptAndNoNetwork() throws Exception {
        String html = HtmlReport.write(List.of(SuiteReport.of(ReportFixtures.pass())));

        Matcher script = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL).matcher(html);
        assertThat(script.find()).isTrue();
        String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(script.group(1).getBytes(StandardCharsets.UTF_8)));
        assertThat(html).contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;;"
                + " style-src &#39;unsafe-inline&#39;; script-src &#39;sha256-" + hash + "&#39;; img-src data:\">");
        assertThat(html).doesNotContainPattern("(src|href)=\"(https?:)?//");
    }

    @Test
    void rowsCarryTheirFilterTagsAndTheButtonsCountThem() {
        String html = HtmlReport.write(List.of(SuiteReport.of(ReportFixtures.hostile())));

        assertThat(html).contains("<tbody class=\"row\" data-row=\"h2\" data-tags=\"regressed errored failing\""
                + " data-status=\"errored\">");
        assertThat(html).contains("<tbody class=\"row\" data-row=\"h1\" data-tags=\"regressed failing\""
                + " data-status=\"regressed\">");
        assertThat(html).contains("<tbody class=\"row\" data-row=\"r1\" data-tags=\"\" data-status=\"passed\">");
        assertThat(html).contains("data-filter=\"all\" aria-pressed=\"true\">All<span class=\"count\">10</span>",
                "data-filter=\"regressed\" aria-pressed=\"false\">Regressed<span class=\"count\">2</span>",
                "data-filter=\"improved\" aria-pressed=\"false\">Improved<span class=\"count\">0</span>",
                "data-filter=\"errored\" aria-pressed=\"false\">Errored<span class=\"count\">1</span>");
        // attention first: errored, then regressed, then the rest in dataset order
        assertThat(html.indexOf("data-row=\"h2\"")).isLessThan(html.indexOf("data-row=\"h1\""));
        assertThat(html.indexOf("data-row=\"h1\"")).isLessThan(html.indexOf("data-row=\"r1\""));
    }

    @Test
    void theSummaryHasTheDecisionTheIntervalsAndTheViolations() {
        String html = HtmlReport.write(List.of(SuiteReport.of(ReportFixtures.fail())));

        assertThat(html).contains("<title>prompt-eval report: FAIL</title>");
        assertThat(html).contains("<h2>order-summary</h2><span class=\"badge large fail\">FAIL</span>");
        assertThat(html).contains("<td class=\"num muted-num\">[-0.138, -0.058]</td>");
        assertThat(html).contains("aria-label=\"pass rate: difference -0.090, interval [-0.138, -0.058], allowed"
                + " regression 0.020, fail\"");
        assertThat(count(html, "<line class=\"bar fail\"")).isEqualTo(2);
        assertThat(count(html, "<line class=\"limit\"")).isEqualTo(2);
        assertThat(html).contains("<li>order-summary: pass rate is 0.81 [0.76, 0.84], but baseline is 0.90 and the"
                + " allowed regression is 0.02 (McNemar mid-p p = &lt;0.0001)</li>");
    }

    @Test
    void withoutABaselineTheBarsAreTheCandidatesOwnIntervals() {
        String html = HtmlReport.write(List.of(SuiteReport.of(ReportFixtures.noBaseline())));

        assertThat(html).contains("none: first version, so no regression check");
        assertThat(html).contains("aria-label=\"pass rate: candidate 0.900, interval [0.596, 0.982], minimum 0.800,"
                + " pass\"");
        assertThat(html).doesNotContain("class=\"zero\"");
    }
}
