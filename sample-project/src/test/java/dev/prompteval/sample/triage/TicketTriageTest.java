package dev.prompteval.sample.triage;

import dev.prompteval.sample.llm.UnreadableModelOutputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TicketTriageTest {

    @ParameterizedTest
    @CsvSource({
            "billing, low, BILLING",
            "shipping, medium, SHIPPING",
            "returns, low, RETURNS",
            "technical, medium, TECHNICAL",
            "account, low, ACCOUNT",
            "billing, high, PRIORITY",
            "returns, high, PRIORITY",
    })
    void routesByCategoryAndSendsHighUrgencyToThePriorityQueue(String category, String urgency, Queue queue) {
        String reply = "{\"category\": \"" + category + "\", \"urgency\": \"" + urgency + "\", \"reason\": \"r\"}";
        assertThat(TicketTriage.route("tk-1", reply).queue()).isEqualTo(queue);
    }

    @Test
    void keepsTheClassificationWithTheRouting() {
        Routing routing = TicketTriage.route("tk-7", """
                {"category": "billing", "urgency": "high", "reason": "The customer was charged twice."}""");
        assertThat(routing).isEqualTo(new Routing("tk-7", Queue.PRIORITY,
                new Classification(Category.BILLING, Urgency.HIGH, "The customer was charged twice.")));
    }

    @Test
    void acceptsAFencedReplyAndValuesInAnyCase() {
        Routing routing = TicketTriage.route("tk-2", """
                ```json
                {"category": " Shipping", "urgency": "MEDIUM", "reason": "Parcel is late."}
                ```""");
        assertThat(routing.queue()).isEqualTo(Queue.SHIPPING);
        assertThat(routing.classification().urgency()).isEqualTo(Urgency.MEDIUM);
    }

    @Test
    void aMissingReasonIsEmptyNotAnError() {
        assertThat(TicketTriage.route("tk-3", "{\"category\": \"account\", \"urgency\": \"low\"}")
                .classification().reason()).isEmpty();
    }

    @Test
    void anUnknownCategoryNamesTheAllowedOnes() {
        assertThatThrownBy(() -> TicketTriage.route("tk-4",
                "{\"category\": \"refunds\", \"urgency\": \"low\", \"reason\": \"r\"}"))
                .isInstanceOf(UnreadableModelOutputException.class)
                .hasMessageStartingWith("\"category\" is \"refunds\", expected one of "
                        + "[billing, shipping, returns, technical, account]");
    }

    @Test
    void aMissingUrgencyIsAnError() {
        assertThatThrownBy(() -> TicketTriage.route("tk-5", "{\"category\": \"billing\", \"reason\": \"r\"}"))
                .isInstanceOf(UnreadableModelOutputException.class)
                .hasMessageStartingWith("the reply has no \"urgency\"");
    }

    @Test
    void triageRunsTheClassifierOnTheTicket() {
        var ticket = new Ticket("tk-9", "Charged twice", "Two payments for LH-204381.", CustomerTier.PLUS);
        var triage = new TicketTriage(t -> t.subject().equals("Charged twice")
                ? "{\"category\": \"billing\", \"urgency\": \"high\", \"reason\": \"Duplicate charge.\"}"
                : "{}");
        assertThat(triage.triage(ticket)).extracting(Routing::ticketId, Routing::queue)
                .containsExactly("tk-9", Queue.PRIORITY);
    }

    @Test
    void aTicketSuppliesTheClassifierPromptVariables() {
        var ticket = new Ticket("tk-9", "Subject", "Body", CustomerTier.BUSINESS);
        assertThat(ticket.promptVariables())
                .isEqualTo(Map.of("subject", "Subject", "body", "Body", "customer_tier", "business"));
    }
}
