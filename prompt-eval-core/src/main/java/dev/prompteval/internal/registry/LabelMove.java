package dev.prompteval.internal.registry;

/** What became of a request to point a release label at a version, as read back from the registry. */
public enum LabelMove {
    /** The label now points at the version. */
    MOVED,
    /** The label already pointed at the version; nothing was changed. */
    UNCHANGED,
    /**
     * The registry accepted the request but the label still points elsewhere: it is a protected label whose change
     * waits for someone's approval in the registry.
     */
    PENDING_APPROVAL;

    /** How reports show it: {@code moved}, {@code unchanged}, {@code pending approval}. */
    public String describe() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}
