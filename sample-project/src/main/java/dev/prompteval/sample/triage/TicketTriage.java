package dev.prompteval.sample.triage;

import java.util.Objects;

/**
 * Routes incoming tickets: the classifier prompt names a category and an urgency; high-urgency tickets go to the
 * priority queue, all others to their category's queue.
 */
public final class TicketTriage {
    private final TicketClassifier classifier;

    public TicketTriage(TicketClassifier classifier) {
        this.classifier = Objects.requireNonNull(classifier, "classifier");
    }

    /**
     * Classifies and routes one ticket.
     *
     * @throws dev.prompteval.sample.llm.UnreadableModelOutputException when the model's reply cannot be used; the
     *         caller leaves the ticket for manual triage
     */
    public Routing triage(Ticket ticket) {
        return route(ticket.id(), classifier.classify(ticket));
    }

    /** Routes a ticket from the classifier's reply, already obtained. */
    public static Routing route(String ticketId, String modelOutput) {
        Classification classification = Classification.parse(modelOutput);
        Queue queue = classification.urgency() == Urgency.HIGH
                ? Queue.PRIORITY
                : Queue.of(classification.category());
        return new Routing(ticketId, queue, classification);
    }
}
