package no.dpe.tracker.emulator.broker;

/**
 * A receiver attached to a queue, as the broker sees it: how many more messages it will take, and where
 * to put them. Implemented by the transport; called on the broker's thread.
 */
public interface Consumer {

    /** How many more messages this consumer will take now. */
    int credit();

    /** Whether messages are removed as they are delivered (receive-and-delete) rather than locked. */
    boolean settlesOnDelivery();

    /** Hands over one message, already locked to this consumer or already removed from the queue. */
    void deliver(MessageSnapshot message);

    /** The session this consumer held was taken away because its lock expired. */
    void sessionLockLost(String sessionId);
}
