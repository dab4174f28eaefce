package no.dpe.tracker.emulator.broker;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

import no.dpe.tracker.emulator.QueueOptions;

/**
 * The broker's model: queues, topics and their subscriptions, found by the addresses Service Bus clients use.
 * Knows nothing of AMQP framing. Not thread-safe: the emulator confines it to its event-loop thread and hands
 * calls from other threads to that thread.
 */
public final class Broker {

    public static final String DEAD_LETTER_SUFFIX = "/$deadletterqueue";
    private static final String SUBSCRIPTIONS = "/subscriptions/";

    private final Clock clock;
    private final QueueOptions defaults;
    private final boolean autoCreate;
    private final Map<String, BrokerQueue> queues = new LinkedHashMap<>();
    private final Map<String, Topic> topics = new LinkedHashMap<>();
    private long lastSequenceNumber;
    private BiConsumer<String, List<String>> sendListener = (entity, messageIds) -> { };

    public Broker(Clock clock, QueueOptions defaults, boolean autoCreate) {
        this.clock = clock;
        this.defaults = defaults;
        this.autoCreate = autoCreate;
    }

    /** Told of every transfer a sender made, after the broker took it and before the sender learns so. */
    public void onSend(BiConsumer<String, List<String>> listener) {
        this.sendListener = listener;
    }

    /** A sender's transfer to {@code entity} was taken (duplicates included, as dropped ones count as taken). */
    public void sent(String entity, List<String> messageIds) {
        sendListener.accept(entity, messageIds);
    }

    /** Entity names are case-insensitive in Service Bus. */
    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    public BrokerQueue declareQueue(String name, QueueOptions options) {
        requireValidName(name);
        if (topics.containsKey(key(name))) {
            throw new IllegalArgumentException("'" + name + "' is already a topic");
        }
        BrokerQueue existing = queues.get(key(name));
        if (existing != null) {
            existing.reconfigure(options);
            return existing;
        }
        BrokerQueue queue = new BrokerQueue(this, name, options, true);
        queues.put(key(name), queue);
        return queue;
    }

    public void declareSubscription(String topicName, String subscriptionName, QueueOptions options) {
        requireValidName(topicName);
        requireValidName(subscriptionName);
        if (queues.containsKey(key(topicName))) {
            throw new IllegalArgumentException("'" + topicName + "' is already a queue");
        }
        topics.computeIfAbsent(key(topicName), key -> new Topic(this, topicName))
                .declareSubscription(subscriptionName, options);
    }

    private static void requireValidName(String name) {
        if (name == null || !isPlainName(name)) {
            throw new IllegalArgumentException("not a valid entity name: '" + name + "'");
        }
    }

    /** Where a sender attached to {@code address} puts its messages. */
    public MessageSink sendTarget(String address) {
        Topic topic = topics.get(key(address));
        if (topic != null) {
            return topic;
        }
        return queue(address, autoCreate);
    }

    /** The queue a receiver attached to {@code address} takes messages from: a queue, a subscription or a DLQ. */
    public BrokerQueue receiveSource(String address) {
        return resolve(address, autoCreate);
    }

    /** The queue, subscription or DLQ at {@code address}, never creating one. */
    public Optional<BrokerQueue> findQueue(String address) {
        try {
            return Optional.of(resolve(address, false));
        } catch (BrokerException notFound) {
            return Optional.empty();
        }
    }

    /** Fails with Service Bus's not-found error unless {@code address} names an entity (creating it if allowed). */
    public void requireEntity(String address) {
        if (!topics.containsKey(key(address))) {
            receiveSource(address);
        }
    }

    private BrokerQueue resolve(String address, boolean create) {
        String lower = key(address);
        if (lower.endsWith(DEAD_LETTER_SUFFIX)) {
            String parent = address.substring(0, address.length() - DEAD_LETTER_SUFFIX.length());
            return resolve(parent, create).deadLetterQueue().orElseThrow(() -> notFound(address));
        }
        int subscriptions = lower.indexOf(SUBSCRIPTIONS);
        if (subscriptions > 0) {
            Topic topic = topics.get(lower.substring(0, subscriptions));
            if (topic == null) {
                throw notFound(address);
            }
            return topic.subscription(address.substring(subscriptions + SUBSCRIPTIONS.length()))
                    .orElseThrow(() -> notFound(address));
        }
        return queue(address, create);
    }

    private BrokerQueue queue(String address, boolean create) {
        BrokerQueue queue = queues.get(key(address));
        if (queue != null) {
            return queue;
        }
        if (create && isPlainName(address) && !topics.containsKey(key(address))) {
            return declareQueue(address, defaults);
        }
        throw notFound(address);
    }

    private static boolean isPlainName(String address) {
        return !address.isBlank() && !address.contains("/") && !address.contains("$");
    }

    private BrokerException notFound(String address) {
        return new BrokerException(BrokerException.NOT_FOUND, "The messaging entity '" + address + "' could not be"
                + " found. Declare it when starting the emulator (--queue), or start it with auto-create.");
    }

    long nextSequenceNumber() {
        return ++lastSequenceNumber;
    }

    long lastSequenceNumber() {
        return lastSequenceNumber;
    }

    /** Numbers handed out before a restart must never be handed out again. */
    void continueSequenceAfter(long sequenceNumber) {
        lastSequenceNumber = Math.max(lastSequenceNumber, sequenceNumber);
    }

    Collection<BrokerQueue> queues() {
        return queues.values();
    }

    Collection<Topic> topics() {
        return topics.values();
    }

    public Instant now() {
        return clock.instant();
    }

    /** Lets time act on every entity; the event loop calls this a few times a second. */
    public void tick() {
        Instant now = now();
        queues.values().forEach(queue -> queue.tick(now));
        topics.values().forEach(topic -> topic.tick(now));
    }
}
