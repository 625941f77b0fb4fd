package dev.prompteval.sample.triage;

/**
 * Runs the {@code support/ticket-classifier} prompt on a ticket and returns the model's raw reply. Production wires
 * the team's LLM client here; tests and evals supply recorded replies.
 */
@FunctionalInterface
public interface TicketClassifier {
    String classify(Ticket ticket);
}
