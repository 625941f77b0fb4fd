package dev.prompteval.sample.triage;

/** What a ticket is about, as the classifier prompt defines the categories. */
public enum Category {
    BILLING, SHIPPING, RETURNS, TECHNICAL, ACCOUNT
}
