package no.dpe.tracker.emulator.broker;

/**
 * A request the broker refuses. The condition is the AMQP error condition Service Bus uses for the same
 * refusal, so the SDK maps it to the same exception as against Azure.
 */
public class BrokerException extends RuntimeException {

    public static final String NOT_FOUND = "amqp:not-found";
    public static final String NOT_ALLOWED = "amqp:not-allowed";
    public static final String INVALID_FIELD = "amqp:invalid-field";
    public static final String MESSAGE_LOCK_LOST = "com.microsoft:message-lock-lost";
    public static final String MESSAGE_NOT_FOUND = "com.microsoft:message-not-found";
    public static final String SESSION_LOCK_LOST = "com.microsoft:session-lock-lost";
    public static final String SESSION_CANNOT_BE_LOCKED = "com.microsoft:session-cannot-be-locked";

    private final String condition;

    public BrokerException(String condition, String description) {
        super(description);
        this.condition = condition;
    }

    public String condition() {
        return condition;
    }
}
