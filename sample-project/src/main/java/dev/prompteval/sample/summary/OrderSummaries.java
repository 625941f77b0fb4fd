package dev.prompteval.sample.summary;

import dev.prompteval.sample.llm.UnreadableModelOutputException;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the {@code support/order-summary} prompt's reply into the one-line summary agents paste into tickets:
 * whitespace collapsed, a hard length limit (the ticket widget shows 280 characters), and a check that the summary
 * talks about the order it was asked about and names no order the order's data does not mention, because a summary
 * naming an invented order misleads the customer.
 */
public final class OrderSummaries {
    /** What the help-desk widget shows without a "more" link. */
    public static final int DEFAULT_MAX_LENGTH = 280;

    private static final Pattern ORDER_ID = Pattern.compile("\\bLH-\\d{6}\\b");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    /** A sentence end: . ! or ? followed by a blank. */
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?](?=\\s)");
    private static final String ELLIPSIS = "…";

    private final int maxLength;

    public OrderSummaries() {
        this(DEFAULT_MAX_LENGTH);
    }

    public OrderSummaries(int maxLength) {
        if (maxLength < 40) {
            throw new IllegalArgumentException("maxLength must leave room for a sentence (>= 40), was " + maxLength);
        }
        this.maxLength = maxLength;
    }

    /** The first order id ({@code LH-} and six digits) in a text. */
    public static Optional<String> findOrderId(String text) {
        Matcher matcher = ORDER_ID.matcher(text);
        return matcher.find() ? Optional.of(matcher.group()) : Optional.empty();
    }

    /**
     * Checks and shortens a reply of the order-summary prompt.
     *
     * @param order       the order the prompt was run for
     * @param modelOutput the model's reply
     * @throws UnreadableModelOutputException when the reply is empty, does not name the order, or names an order
     *         that appears nowhere in the order's events or note
     */
    public OrderSummary finish(Order order, String modelOutput) {
        if (modelOutput == null || modelOutput.isBlank()) {
            throw new UnreadableModelOutputException("the model returned an empty summary for " + order.id(),
                    modelOutput);
        }
        String text = unquoted(WHITESPACE.matcher(modelOutput.strip()).replaceAll(" "));
        Set<String> mentioned = orderIds(text);
        if (!mentioned.contains(order.id())) {
            throw new UnreadableModelOutputException("the summary does not name order " + order.id(), modelOutput);
        }
        mentioned.remove(order.id());
        mentioned.removeAll(orderIds(order.note()));
        order.events().forEach(event -> mentioned.removeAll(orderIds(event)));
        if (!mentioned.isEmpty()) {
            throw new UnreadableModelOutputException("the summary for " + order.id() + " names " + mentioned
                    + ", which appears nowhere in the order's events or note", modelOutput);
        }
        if (text.length() <= maxLength) {
            return new OrderSummary(order.id(), text, false);
        }
        return new OrderSummary(order.id(), shorten(text), true);
    }

    /** Cuts at the last sentence end that fits; failing that, at the last word that fits, marked with an ellipsis. */
    private String shorten(String text) {
        int lastSentenceEnd = -1;
        Matcher end = SENTENCE_END.matcher(text);
        while (end.find() && end.end() <= maxLength) {
            lastSentenceEnd = end.end();
        }
        // A first sentence shorter than half the limit would drop too much; cut mid-sentence instead.
        if (lastSentenceEnd >= maxLength / 2) {
            return text.substring(0, lastSentenceEnd);
        }
        int room = maxLength - ELLIPSIS.length();
        int lastSpace = text.lastIndexOf(' ', room);
        int cut = lastSpace > 0 ? lastSpace : room;
        return text.substring(0, cut).stripTrailing() + ELLIPSIS;
    }

    private static Set<String> orderIds(String text) {
        var ids = new LinkedHashSet<String>();
        Matcher matcher = ORDER_ID.matcher(text);
        while (matcher.find()) ids.add(matcher.group());
        return ids;
    }

    /** Models sometimes wrap the whole reply in quotes. */
    private static String unquoted(String text) {
        boolean quoted = text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"");
        return quoted ? text.substring(1, text.length() - 1).strip() : text;
    }
}
