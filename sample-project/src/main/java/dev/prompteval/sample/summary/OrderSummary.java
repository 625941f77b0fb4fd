package dev.prompteval.sample.summary;

/**
 * An order summary ready to paste into a ticket reply.
 *
 * @param orderId   the order the summary is about, as it appears in the text (e.g. {@code LH-204381})
 * @param text      the summary on one line, at most the configured length
 * @param shortened true when the model's reply was longer than allowed and was cut
 */
public record OrderSummary(String orderId, String text, boolean shortened) {
}
