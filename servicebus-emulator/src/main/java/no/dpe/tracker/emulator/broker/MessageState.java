package no.dpe.tracker.emulator.broker;

/** The states Service Bus reports in {@code x-opt-message-state}; the ordinals are the wire values. */
public enum MessageState {
    ACTIVE, DEFERRED, SCHEDULED
}
