package dev.prompteval.sample.triage;

/** How soon a ticket needs an answer, as the classifier prompt's urgency rules define it. */
public enum Urgency {
    LOW, MEDIUM, HIGH
}
