package dev.prompteval.sample.triage;

import java.util.Locale;

/** The customer's plan; the classifier prompt receives it as {@code customer_tier}. */
public enum CustomerTier {
    FREE, PLUS, BUSINESS;

    /** The value the prompt sees, e.g. {@code business}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
