package no.dpe.tracker.emulator.broker;

import java.util.List;

/** Where senders put messages: a queue, or a topic that copies them to its subscriptions. */
public interface MessageSink {

    String path();

    /** Accepts all messages or, when one is invalid, none. Duplicates within the window are dropped silently. */
    void send(List<IncomingMessage> messages);

    /** Accepts messages that become visible at their scheduled time; returns their sequence numbers. */
    long[] schedule(List<IncomingMessage> messages);

    void cancelScheduled(long[] sequenceNumbers);
}
