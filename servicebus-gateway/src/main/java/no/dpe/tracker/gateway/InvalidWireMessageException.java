package no.dpe.tracker.gateway;

/** A Service Bus message the gateway cannot take: it is dead-lettered with {@link #reason()}. */
public class InvalidWireMessageException extends Exception {

    private final String reason;

    public InvalidWireMessageException(String reason, String description) {
        super(description);
        this.reason = reason;
    }

    /** The dead-letter reason: a short stable code. */
    public String reason() {
        return reason;
    }
}
