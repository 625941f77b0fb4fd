package dev.prompteval.sample.triage;

/** The help-desk queues agents work from. */
public enum Queue {
    BILLING, SHIPPING, RETURNS, TECHNICAL, ACCOUNT,
    /** Staffed around the clock; every high-urgency ticket lands here whatever its category. */
    PRIORITY;

    /** The queue of a category's specialists. */
    public static Queue of(Category category) {
        return switch (category) {
            case BILLING -> BILLING;
            case SHIPPING -> SHIPPING;
            case RETURNS -> RETURNS;
            case TECHNICAL -> TECHNICAL;
            case ACCOUNT -> ACCOUNT;
        };
    }
}
