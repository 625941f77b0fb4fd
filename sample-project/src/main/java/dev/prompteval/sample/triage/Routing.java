package dev.prompteval.sample.triage;

/** Where a ticket goes, and the classification that sent it there. */
public record Routing(String ticketId, Queue queue, Classification classification) {
}
