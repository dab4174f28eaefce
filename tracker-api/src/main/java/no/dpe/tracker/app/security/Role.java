package no.dpe.tracker.app.security;

/**
 * Who a caller is to the tracker. Roles do not include one another: an ADMIN is not a FAGSYSTEM, and a
 * person who needs both is given both.
 */
public enum Role {
    /** The case-handling system: sends and receives messages, follows their statuses. */
    FAGSYSTEM,
    /** Support staff: look into conversations and messages that are stuck. */
    SUPPORT,
    /** Auditors: read the full history. */
    AUDITOR,
    /** Operators: run the tracker itself. */
    ADMIN
}
