package dev.prompteval.sample.summary;

import dev.prompteval.sample.llm.UnreadableModelOutputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderSummariesTest {
    private final OrderSummaries summaries = new OrderSummaries(80);

    @Test
    void keepsAShortSummaryOnOneLine() {
        OrderSummary summary = summaries.finish("LH-204381", "  Order LH-204381 was delivered\non 12 March.\n");
        assertThat(summary).isEqualTo(new OrderSummary("LH-204381", "Order LH-204381 was delivered on 12 March.",
                false));
    }

    @Test
    void cutsALongSummaryAtTheLastSentenceThatFits() {
        String reply = "Order LH-204381 was delivered on 12 March to the neighbour. It held a lamp, a rug and two "
                + "cushions.";
        OrderSummary summary = summaries.finish("LH-204381", reply);
        assertThat(summary.text()).isEqualTo("Order LH-204381 was delivered on 12 March to the neighbour.");
        assertThat(summary.shortened()).isTrue();
    }

    @Test
    void cutsAtAWordWithAnEllipsisWhenNoSentenceEndFits() {
        String reply = "Order LH-204381 holds a walnut bedside lamp, a wool rug, two linen cushions and a mirror, "
                + "all delivered.";
        OrderSummary summary = summaries.finish("LH-204381", reply);
        assertThat(summary.text())
                .isEqualTo("Order LH-204381 holds a walnut bedside lamp, a wool rug, two linen cushions and…")
                .hasSizeLessThanOrEqualTo(80);
        assertThat(summary.shortened()).isTrue();
    }

    @Test
    void theDefaultLimitIsTheWidgetWidth() {
        String reply = "Order LH-204381 " + "is fine ".repeat(40);
        assertThat(new OrderSummaries().finish("LH-204381", reply).text()).hasSizeLessThanOrEqualTo(280);
    }

    @Test
    void removesQuotesAroundTheWholeReply() {
        assertThat(summaries.finish("LH-204381", "\"Order LH-204381 is on its way.\"").text())
                .isEqualTo("Order LH-204381 is on its way.");
    }

    @Test
    void findsTheOrderId() {
        assertThat(OrderSummaries.findOrderId("Your order (LH-204381) shipped")).contains("LH-204381");
        assertThat(OrderSummaries.findOrderId("Order LH-2043 shipped")).isEmpty();
    }

    @Test
    void rejectsASummaryOfAnotherOrder() {
        assertThatThrownBy(() -> summaries.finish("LH-204381", "Order LH-204318 was delivered."))
                .isInstanceOf(UnreadableModelOutputException.class)
                .hasMessageStartingWith("the summary does not name order LH-204381");
    }

    @Test
    void rejectsASummaryThatAlsoNamesAnInventedOrder() {
        assertThatThrownBy(() -> summaries.finish("LH-204381", "Order LH-204381 shipped with LH-777777."))
                .isInstanceOf(UnreadableModelOutputException.class)
                .hasMessageStartingWith("the summary for LH-204381 also names [LH-777777]");
    }

    @Test
    void rejectsAnEmptyReply() {
        assertThatThrownBy(() -> summaries.finish("LH-204381", ""))
                .isInstanceOf(UnreadableModelOutputException.class)
                .hasMessageStartingWith("the model returned an empty summary for LH-204381");
    }

    @Test
    void refusesALimitTooSmallForASentence() {
        assertThatThrownBy(() -> new OrderSummaries(10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxLength must leave room for a sentence (>= 40), was 10");
    }
}
