package dev.prompteval.sample.summary;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderTest {

    @Test
    void suppliesTheOrderSummaryPromptVariablesWithJsonArraysForTheTemplateLoops() {
        var order = new Order("LH-206733", "Camille Moreau", "delivered",
                List.of(new OrderItem("Lumo table lamp, brass", 1, new BigDecimal("79.00")),
                        new OrderItem("Tova cushion cover \"sage\"", 2, new BigDecimal("24.90"))),
                new BigDecimal("128.80"), "EUR", List.of("19 Mar 12:47 Delivered"), null);

        assertThat(order.promptVariables()).containsExactly(
                entry("order_id", "LH-206733"),
                entry("customer_name", "Camille Moreau"),
                entry("status", "delivered"),
                entry("items", """
                        [{"name":"Lumo table lamp, brass","qty":1,"price":"79.00"},\
                        {"name":"Tova cushion cover \\"sage\\"","qty":2,"price":"24.90"}]"""),
                entry("total", "128.80"),
                entry("currency", "EUR"),
                entry("events", "[\"19 Mar 12:47 Delivered\"]"),
                entry("note", ""));
    }

    @Test
    void anOrderLineNeedsAQuantity() {
        assertThatThrownBy(() -> new OrderItem("Lamp", 0, BigDecimal.ONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("qty must be >= 1, was 0 for Lamp");
    }

}
