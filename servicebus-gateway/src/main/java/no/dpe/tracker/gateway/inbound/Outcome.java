package no.dpe.tracker.gateway.inbound;

/** What to do with a Service Bus message once the gateway has handled it. */
public sealed interface Outcome {

    /** Recorded (or found already recorded): complete it. */
    record Complete(String what) implements Outcome {
    }

    /** Never to be taken: move it to the dead-letter queue with a reason, so it is not lost. */
    record DeadLetter(String reason, String description) implements Outcome {
    }
}
