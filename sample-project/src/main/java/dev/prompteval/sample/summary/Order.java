package dev.prompteval.sample.summary;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An order as the support desk sees it.
 *
 * @param status   the order system's status code, e.g. {@code delivered}, {@code in_transit}, {@code cancelled}
 * @param events   tracking and order events, oldest first, each starting with its date
 * @param note     the agent note, or empty; may mention payment data, which summaries must not repeat
 */
public record Order(String id, String customerName, String status, List<OrderItem> items, BigDecimal total,
                    String currency, List<String> events, String note) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public Order {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(customerName, "customerName");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(currency, "currency");
        items = List.copyOf(items);
        events = List.copyOf(events);
        note = note == null ? "" : note;
    }

    /**
     * The variables of the {@code support/order-summary} prompt, named as in its {@code input_variables}. Items and
     * events are JSON arrays, which the Jinja2 template loops over.
     */
    public Map<String, String> promptVariables() {
        ArrayNode itemArray = JSON.createArrayNode();
        for (OrderItem item : items) {
            itemArray.addObject().put("name", item.name()).put("qty", item.qty())
                    .put("price", item.price().toPlainString());
        }
        ArrayNode eventArray = JSON.createArrayNode();
        events.forEach(eventArray::add);
        var variables = new LinkedHashMap<String, String>();
        variables.put("order_id", id);
        variables.put("customer_name", customerName);
        variables.put("status", status);
        variables.put("items", itemArray.toString());
        variables.put("total", total.toPlainString());
        variables.put("currency", currency);
        variables.put("events", eventArray.toString());
        variables.put("note", note);
        return variables;
    }
}
