package dev.prompteval.sample.triage;

import dev.prompteval.junit.PromptEval;
import dev.prompteval.junit.PromptOutput;
import dev.prompteval.junit.PromptRow;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The classifier prompt evaluated together with the application code that consumes it: every ticket the model
 * classified must be routed by {@link TicketTriage}, critical ones to the priority queue. Runs through
 * {@code prompt-eval:evaluate} (tagged {@code prompt-eval}, so Surefire leaves it out), one invocation per row, then
 * the gate against the prod version.
 */
class TicketRoutingEvalTest {

    @PromptEval(suite = "ticket-routing", prompt = "support/ticket-classifier",
            candidate = "${sample.classifier.candidate}", baseline = "label:prod",
            dataset = "src/test/prompt-eval/datasets/ticket-classifier.csv", baseUrl = "${sample.llm.baseUrl}",
            minPassRate = 0.80)
    void routesEveryClassifiedTicket(PromptRow row, PromptOutput output) {
        Routing routing = TicketTriage.route(row.id(), output.text());

        assertThat(routing.ticketId()).isEqualTo(row.id());
        assertThat(routing.queue()).as("queue of %s", row.id()).isNotNull();
        if (row.critical()) {
            assertThat(routing.queue()).as("critical ticket %s", row.id()).isEqualTo(Queue.PRIORITY);
        }
    }
}
