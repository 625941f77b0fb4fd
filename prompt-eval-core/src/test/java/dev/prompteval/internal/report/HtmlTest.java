package dev.prompteval.internal.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HtmlTest {
    @Test
    void escapeTurnsMarkupIntoText() {
        assertThat(Html.escape("<script>alert(1)</script>")).isEqualTo("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(Html.escape("\"><img src=x onerror=alert(1)>"))
                .isEqualTo("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
        assertThat(Html.escape("it's & <b>")).isEqualTo("it&#39;s &amp; &lt;b&gt;");
        assertThat(Html.escape("&lt;")).isEqualTo("&amp;lt;");
        assertThat(Html.escape(null)).isEmpty();
        assertThat(Html.escape("plain ümlaut ✓")).isEqualTo("plain ümlaut ✓");
    }

    @Test
    void theBuilderEscapesTextAndAttributeValues() {
        String html = new Html().open("td", "title", "\"><img src=x onerror=alert(1)>", "data-x", null)
                .text("<script>alert(1)</script>").close("td")
                .element("pre", "' onmouseover='alert(1)", "class", "output").toString();

        assertThat(html).isEqualTo("<td title=\"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\">"
                + "&lt;script&gt;alert(1)&lt;/script&gt;</td>"
                + "<pre class=\"output\">&#39; onmouseover=&#39;alert(1)</pre>");
    }

    @Test
    void attributesComeInPairs() {
        assertThatThrownBy(() -> new Html().open("td", "class")).isInstanceOf(IllegalArgumentException.class);
    }
}
