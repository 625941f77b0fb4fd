package dev.prompteval.sample.triage;

import java.util.Map;
import java.util.Objects;

/** A support ticket as it arrives from the help-desk inbox. */
public record Ticket(String id, String subject, String body, CustomerTier tier) {

    public Ticket {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(tier, "tier");
    }

    /** The variables of the {@code support/ticket-classifier} prompt, named as in its {@code input_variables}. */
    public Map<String, String> promptVariables() {
        return Map.of("subject", subject, "body", body, "customer_tier", tier.wireName());
    }
}
