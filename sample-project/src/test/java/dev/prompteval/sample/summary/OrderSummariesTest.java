package dev.prompteval.sample.summary;

import dev.prompteval.sample.llm.UnreadableModelOutputException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderSummariesTest {
    private final OrderSummaries summaries = new OrderSummaries(80);
    private final Order order = order(List.of("6 Mar 14:12 Delivered"), "");

    private static Order order(List<String> events, String note) {
        return new Order("LH-204381", "Camille Moreau", "delivered",
                List.of(new OrderItem("Lumo table lamp", 1, new BigDecimal("79.00"))), new BigDecimal("79.00"), "EUR",
                events, note);
    }

    @Test
    void keepsAShortSummaryOnOneLine() {
        OrderSummary summary = summaries.finish(order, "  Order LH-204381 was delivered\non 12 March.\n");
        assertThat(summary).isEqualTo(new OrderSummary("LH-204381", "Order LH-204381 was delivered on 12 March.",
                false));
    }

    @Test
    void cutsALongSummaryAtTheLastSentenceThatFits() {
        String reply = "Order LH-204381 was delivered on 12 March to the neighbour. It held a lamp, a rug and two "
                + "cushions.";
        OrderSummary summary = summaries.finish(order, reply);
        assertThat(summary.text()).isEqualTo("Order LH-204381 was delivered on 12 March to the neighbour.");
        assertThat(summary.shortened()).isTrue();
    }

    @Test
    void cutsAtAWordWithAnEllipsisWhenNoSentenceEndFits() {
        String reply = "Order LH-204381 holds a walnut bedside lamp, a wool rug, two linen cushions and a mirror, "
                + "all delivered.";
        OrderSummary summary = summaries.finish(order, reply);
        assertThat(summary.text())
                .isEqualTo("Order LH-204381 holds a walnut bedside lamp, a wool rug, two linen cushions and…")
                .hasSizeLessThanOrEqualTo(80);
        assertThat(summary.shortened()).isTrue();
    }

    @Test
    void theDefaultLimitIsTheWidgetWidth() {
        String reply = "Order LH-204381 " + "is fine ".repeat(40);
        assertThat(new OrderSummaries().finish(order, reply).text()).hasSizeLessThanOrEqualTo(280);
    }

    @Test
    void removesQuotesAroundTheWholeReply() {
        assertThat(summaries.finish(order, "\"Order LH-204381 is on its way.\"").text())
                .isEqualTo("Order LH-204381 is on its way.");
    }

    @Test
    void findsTheOrderId() {
        assertThat(OrderSummaries.findOrderId("Your order (LH-204381) shipped")).contains("LH-204381");
        assertThat(OrderSummaries.findOrderId("Order LH-2043 shipped")).isEmpty();
    }

    @Test
    void rejectsASummaryOfAnotherOrder() {
        assertThatThrownBy(() -> summaries.finish(order, "Order LH-204318 was delivered."))
                .isInstanceOf(UnreadableModelOutputException.class)
                .hasMessageStartingWith("the summary does not name order LH-204381");
    }

    @Test
    void rejectsASummaryThatAlsoNamesAnInventedOrder() {
        assertThatThrownBy(() -> summaries.finish(order, "Order LH-204381 shipped with LH-777777."))
                .isInstanceOf(UnreadableModelOutputException.class)
                .hasMessageStartingWith("the summary for LH-204381 names [LH-777777], which appears nowhere in the "
                        + "order's events or note");
    }

    @Test
    void acceptsAnotherOrderThatTheNoteOrEventsMention() {
        var related = order(List.of("9 Mar 10:00 Missing screws sent with LH-206322"), "Replaces LH-200001.");
        assertThat(summaries.finish(related, "Order LH-204381: screws sent with LH-206322, replaces LH-200001.")
                .text()).isEqualTo("Order LH-204381: screws sent with LH-206322, replaces LH-200001.");
    }

    @Test
    void rejectsAnEmptyReply() {
        assertThatThrownBy(() -> summaries.finish(order, ""))
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
