package dev.prompteval.internal.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MdTest {
    @Test
    void textEscapesEveryFormattingCharacterAndJoinsLines() {
        assertThat(Md.text("a\\b `c` *d* _e_ [f] <g> |h| #i ~j~ &k; !l\nm\r\nn"))
                .isEqualTo("a\\\\b \\`c\\` \\*d\\* \\_e\\_ \\[f\\] \\<g\\> \\|h\\| \\#i \\~j\\~ \\&k; \\!l m n");
    }

    @Test
    void textCannotStartAListOrAHeadingUnderline() {
        assertThat(Md.text("- item")).isEqualTo("\\- item");
        assertThat(Md.text("+ item")).isEqualTo("\\+ item");
        assertThat(Md.text("=====")).isEqualTo("\\=====");
        assertThat(Md.text("12. item")).isEqualTo("12\\. item");
        assertThat(Md.text("3) item")).isEqualTo("3\\) item");
        assertThat(Md.text("3.5 items")).isEqualTo("3\\.5 items");
        assertThat(Md.text("a - b")).isEqualTo("a - b");
    }

    @Test
    void codeSpansUseALongerFenceThanTheirContent() {
        assertThat(Md.code("contains:x")).isEqualTo("`contains:x`");
        assertThat(Md.code("a`b")).isEqualTo("``a`b``");
        assertThat(Md.code("`a`")).isEqualTo("`` `a` ``");
        assertThat(Md.code("two\nlines")).isEqualTo("`two lines`");
    }

    @Test
    void blocksUseALongerFenceThanTheirContent() {
        assertThat(Md.block("plain")).isEqualTo("```text\nplain\n```\n");
        assertThat(Md.block("````\nx\n````")).isEqualTo("`````text\n````\nx\n````\n`````\n");
    }
}
