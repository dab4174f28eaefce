package no.dpe.tracker.emulator.broker;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import no.dpe.tracker.emulator.QueueOptions;

/** A topic: every message sent to it is copied to each of its subscriptions. Subscriptions have no filters. */
public final class Topic implements MessageSink {

    private static final String SUBSCRIPTIONS = "/subscriptions/";

    private final Broker broker;
    private final String path;
    private final Map<String, BrokerQueue> subscriptions = new LinkedHashMap<>();

    Topic(Broker broker, String path) {
        this.broker = broker;
        this.path = path;
    }

    @Override
    public String path() {
        return path;
    }

    BrokerQueue declareSubscription(String name, QueueOptions options) {
        BrokerQueue existing = subscriptions.get(Broker.key(name));
        if (existing != null) {
            existing.reconfigure(options);
            return existing;
        }
        BrokerQueue subscription = new BrokerQueue(broker, path + SUBSCRIPTIONS + name, options, true);
        subscriptions.put(Broker.key(name), subscription);
        return subscription;
    }

    Optional<BrokerQueue> subscription(String name) {
        return Optional.ofNullable(subscriptions.get(Broker.key(name)));
    }

    /** The subscriptions by the names they were declared with (the map's keys are folded to lower case). */
    Map<String, BrokerQueue> subscriptionsByName() {
        int prefix = (path + SUBSCRIPTIONS).length();
        Map<String, BrokerQueue> byName = new LinkedHashMap<>();
        subscriptions.values().forEach(subscription -> byName.put(subscription.path().substring(prefix),
                subscription));
        return byName;
    }

    @Override
    public void send(List<IncomingMessage> messages) {
        copyToSubscriptions(messages);
    }

    @Override
    public long[] schedule(List<IncomingMessage> messages) {
        return copyToSubscriptions(messages);
    }

    private long[] copyToSubscriptions(List<IncomingMessage> messages) {
        subscriptions.values().forEach(subscription -> messages.forEach(subscription::validate));
        Instant now = broker.now();
        long[] sequenceNumbers = new long[messages.size()];
        for (int i = 0; i < messages.size(); i++) {
            long sequenceNumber = broker.nextSequenceNumber();
            sequenceNumbers[i] = sequenceNumber;
            IncomingMessage message = messages.get(i);
            subscriptions.values().forEach(subscription -> subscription.accept(message, sequenceNumber, now));
        }
        subscriptions.values().forEach(BrokerQueue::dispatch);
        return sequenceNumbers;
    }

    @Override
    public void cancelScheduled(long[] sequenceNumbers) {
        subscriptions.values().forEach(subscription -> subscription.cancelScheduled(sequenceNumbers));
    }

    void tick(Instant now) {
        subscriptions.values().forEach(subscription -> subscription.tick(now));
    }
}
