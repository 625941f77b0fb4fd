package dev.prompteval.sample.summary;

import java.math.BigDecimal;
import java.util.Objects;

/** One order line: how many of what, at which unit price (in the order's currency). */
public record OrderItem(String name, int qty, BigDecimal price) {

    public OrderItem {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(price, "price");
        if (qty < 1) throw new IllegalArgumentException("qty must be >= 1, was " + qty + " for " + name);
    }
}
