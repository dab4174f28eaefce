package no.dpe.tracker.emulator.broker;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import no.dpe.tracker.emulator.QueueOptions;

/**
 * A queue, a topic subscription or a dead-letter queue: the messages it holds, their locks, its sessions and
 * the consumers attached to it. Not thread-safe: the broker confines it to one thread.
 */
public final class BrokerQueue implements MessageSink {

    static final String MAX_DELIVERY_COUNT_EXCEEDED = "MaxDeliveryCountExceeded";
    static final String TTL_EXPIRED = "TTLExpiredException";

    private final Broker broker;
    private final String path;
    private final BrokerQueue deadLetterQueue;
    private QueueOptions options;

    /** Everything the queue holds, in sequence order: what peek walks. */
    private final TreeMap<Long, StoredMessage> messages = new TreeMap<>();
    /** Messages a receiver may take, by session id ("" outside sessions), in sequence order: FIFO. */
    private final Map<String, TreeMap<Long, StoredMessage>> available = new HashMap<>();
    private final Map<UUID, StoredMessage> locked = new HashMap<>();
    private final TreeMap<Long, StoredMessage> scheduled = new TreeMap<>();
    private final DuplicateDetection duplicateDetection = new DuplicateDetection();
    private final Sessions sessions = new Sessions();
    private final List<Consumer> consumers = new ArrayList<>();
    private int nextConsumer;
    private int expiringMessages;

    BrokerQueue(Broker broker, String path, QueueOptions options, boolean withDeadLetterQueue) {
        this.broker = broker;
        this.path = path;
        this.options = options;
        this.deadLetterQueue = withDeadLetterQueue
                ? new BrokerQueue(broker, path + Broker.DEAD_LETTER_SUFFIX, deadLetterOptions(options), false)
                : null;
    }

    /** A dead-letter queue keeps its messages until someone removes them: no expiry, no further dead-lettering. */
    private static QueueOptions deadLetterOptions(QueueOptions options) {
        return new QueueOptions(options.lockDuration(), Integer.MAX_VALUE, null, false, null, false);
    }

    @Override
    public String path() {
        return path;
    }

    public QueueOptions options() {
        return options;
    }

    void reconfigure(QueueOptions options) {
        this.options = options;
        if (deadLetterQueue != null) {
            deadLetterQueue.reconfigure(deadLetterOptions(options));
        }
    }

    public Optional<BrokerQueue> deadLetterQueue() {
        return Optional.ofNullable(deadLetterQueue);
    }

    // ---- sending -------------------------------------------------------------------------------------------

    @Override
    public void send(List<IncomingMessage> incoming) {
        schedule(incoming);
    }

    /** Messages with a scheduled enqueue time in the future wait for it; the others are enqueued now. */
    @Override
    public long[] schedule(List<IncomingMessage> incoming) {
        incoming.forEach(this::validate);
        Instant now = broker.now();
        long[] sequenceNumbers = new long[incoming.size()];
        for (int i = 0; i < incoming.size(); i++) {
            sequenceNumbers[i] = broker.nextSequenceNumber();
            accept(incoming.get(i), sequenceNumbers[i], now);
        }
        dispatch();
        return sequenceNumbers;
    }

    /** Takes one message in; a topic calls this for each subscription with one sequence number for all. */
    void accept(IncomingMessage message, long sequenceNumber, Instant now) {
        if (duplicateDetection.isDuplicate(message.messageId(), options.duplicateDetectionWindow(), now)) {
            return;
        }
        if (message.scheduledEnqueueTime() != null && message.scheduledEnqueueTime().isAfter(now)) {
            schedule(message, sequenceNumber, now);
        } else {
            enqueue(message, sequenceNumber, now);
        }
    }

    @Override
    public void cancelScheduled(long[] sequenceNumbers) {
        for (long sequenceNumber : sequenceNumbers) {
            StoredMessage message = scheduled.remove(sequenceNumber);
            if (message != null) {
                messages.remove(sequenceNumber);
            }
        }
    }

    void validate(IncomingMessage message) {
        if (options.requiresSession() && (message.sessionId() == null || message.sessionId().isEmpty())) {
            throw new BrokerException(BrokerException.INVALID_FIELD, "The SessionId was not set on a message, and it"
                    + " cannot be sent to the entity '" + path + "'. Entities that have session support enabled can"
                    + " only receive messages that have the SessionId set to a valid value.");
        }
    }

    private void enqueue(IncomingMessage incoming, long sequenceNumber, Instant now) {
        StoredMessage message = new StoredMessage(sequenceNumber, incoming.payload(), incoming.messageId(),
                incoming.sessionId(), now, expiry(incoming.timeToLive(), now));
        messages.put(sequenceNumber, message);
        if (message.expiresAt != null) {
            expiringMessages++;
        }
        makeAvailable(message);
    }

    private void schedule(IncomingMessage incoming, long sequenceNumber, Instant now) {
        StoredMessage message = new StoredMessage(sequenceNumber, incoming.payload(), incoming.messageId(),
                incoming.sessionId(), now, null);
        message.status = StoredMessage.Status.SCHEDULED;
        message.scheduledEnqueueTime = incoming.scheduledEnqueueTime();
        messages.put(sequenceNumber, message);
        scheduled.put(sequenceNumber, message);
        // The time-to-live counts from when the message becomes visible, so it is applied on release.
        message.pendingTimeToLive = incoming.timeToLive();
    }

    private Instant expiry(Duration messageTimeToLive, Instant from) {
        Duration ttl = options.defaultTimeToLive();
        if (messageTimeToLive != null && !messageTimeToLive.isZero()
                && (ttl == null || messageTimeToLive.compareTo(ttl) < 0)) {
            ttl = messageTimeToLive;
        }
        return ttl == null ? null : from.plus(ttl);
    }

    private void makeAvailable(StoredMessage message) {
        message.status = StoredMessage.Status.AVAILABLE;
        message.lockToken = null;
        message.lockedUntil = null;
        available.computeIfAbsent(message.sessionKey(), key -> new TreeMap<>()).put(message.sequenceNumber, message);
    }

    // ---- receiving -----------------------------------------------------------------------------------------

    /** Attaches a receiver that takes messages outside sessions. */
    public void attach(Consumer consumer) {
        if (options.requiresSession()) {
            throw new BrokerException(BrokerException.NOT_ALLOWED, "It is not possible for an entity that requires"
                    + " sessions to create a non-sessionful message receiver. Entity: '" + path + "'.");
        }
        consumers.add(consumer);
        dispatch();
    }

    /**
     * Locks a session to a receiver: the one asked for, or, given {@code null}, the free session whose oldest
     * message is oldest. Empty when no session is free.
     */
    public Optional<String> acceptSession(Consumer consumer, String sessionId) {
        if (!options.requiresSession()) {
            throw new BrokerException(BrokerException.NOT_ALLOWED, "It is not possible for an entity that does not"
                    + " require sessions to create a sessionful message receiver. Entity: '" + path + "'.");
        }
        Instant now = broker.now();
        String chosen = sessionId != null ? sessionId : nextFreeSession(now).orElse(null);
        if (chosen == null) {
            return Optional.empty();
        }
        if (sessions.isLocked(chosen, now)) {
            throw new BrokerException(BrokerException.SESSION_CANNOT_BE_LOCKED, "The requested session '" + chosen
                    + "' cannot be accepted. It may be locked by another receiver. Entity: '" + path + "'.");
        }
        sessions.lock(chosen, consumer, now.plus(options.lockDuration()));
        consumers.add(consumer);
        dispatch();
        return Optional.of(chosen);
    }

    private Optional<String> nextFreeSession(Instant now) {
        return available.entrySet().stream()
                .filter(entry -> !entry.getKey().isEmpty() && !entry.getValue().isEmpty())
                .filter(entry -> !sessions.isLocked(entry.getKey(), now))
                .min(Comparator.comparing(entry -> entry.getValue().firstKey()))
                .map(Map.Entry::getKey);
    }

    public Instant sessionLockedUntil(String sessionId) {
        return sessions.lockedUntil(sessionId);
    }

    /**
     * Detaches a receiver. Locks it holds on ordinary messages stay until they expire, as in Service Bus (the
     * receiver may still settle them through the management node); a session and its locked messages go back.
     */
    public void detach(Consumer consumer) {
        consumers.remove(consumer);
        String sessionId = sessions.release(consumer);
        if (sessionId != null) {
            redeliverLockedMessagesOf(sessionId);
        }
        dispatch();
    }

    /** A session's messages are locked with the session; when it goes, they go back (a delivery counted). */
    private void redeliverLockedMessagesOf(String sessionId) {
        List<StoredMessage> lost = locked.values().stream()
                .filter(message -> sessionId.equals(message.sessionId))
                .toList();
        lost.forEach(message -> {
            locked.remove(message.lockToken);
            redeliverOrDeadLetter(message);
        });
    }

    /** Hands available messages to consumers with credit, in turn, so competing consumers share the load. */
    public void dispatch() {
        if (consumers.isEmpty()) {
            return;
        }
        Instant now = broker.now();
        boolean delivered = true;
        while (delivered) {
            delivered = false;
            for (int i = 0; i < consumers.size(); i++) {
                int index = (nextConsumer + i) % consumers.size();
                Consumer consumer = consumers.get(index);
                if (consumer.credit() <= 0) {
                    continue;
                }
                StoredMessage message = takeNextAvailable(sessionKeyOf(consumer), now);
                if (message == null) {
                    continue;
                }
                deliver(message, consumer, now);
                nextConsumer = (index + 1) % Math.max(1, consumers.size());
                delivered = true;
                break;
            }
        }
    }

    private String sessionKeyOf(Consumer consumer) {
        String sessionId = sessions.heldBy(consumer);
        return sessionId == null ? "" : sessionId;
    }

    private StoredMessage takeNextAvailable(String sessionKey, Instant now) {
        TreeMap<Long, StoredMessage> candidates = available.get(sessionKey);
        while (candidates != null && !candidates.isEmpty()) {
            StoredMessage message = candidates.pollFirstEntry().getValue();
            if (message.isExpired(now)) {
                expire(message);
                continue;
            }
            return message;
        }
        return null;
    }

    private void deliver(StoredMessage message, Consumer consumer, Instant now) {
        if (consumer.settlesOnDelivery()) {
            remove(message);
            consumer.deliver(message.snapshot());
            return;
        }
        lock(message, now);
        consumer.deliver(message.snapshot());
    }

    private void lock(StoredMessage message, Instant now) {
        message.status = StoredMessage.Status.LOCKED;
        message.lockToken = UUID.randomUUID();
        Instant sessionLockedUntil = message.sessionId == null ? null : sessions.lockedUntil(message.sessionId);
        message.lockedUntil = sessionLockedUntil != null ? sessionLockedUntil : now.plus(options.lockDuration());
        locked.put(message.lockToken, message);
    }

    private void remove(StoredMessage message) {
        messages.remove(message.sequenceNumber);
        if (message.expiresAt != null) {
            expiringMessages--;
        }
    }

    // ---- settling ------------------------------------------------------------------------------------------

    public void complete(UUID lockToken) {
        remove(takeLock(lockToken));
        dispatch();
    }

    public void abandon(UUID lockToken, Map<String, Object> propertiesToModify) {
        StoredMessage message = takeLock(lockToken);
        message.propertiesToModify.putAll(propertiesToModify);
        redeliverOrDeadLetter(message);
        dispatch();
    }

    /** Gives a message back that the receiver never handed to its application: no delivery is counted. */
    public void release(UUID lockToken) {
        StoredMessage message = takeLock(lockToken);
        returnToQueue(message);
        dispatch();
    }

    public void defer(UUID lockToken, Map<String, Object> propertiesToModify) {
        StoredMessage message = takeLock(lockToken);
        message.propertiesToModify.putAll(propertiesToModify);
        defer(message);
    }

    private void defer(StoredMessage message) {
        message.deferred = true;
        message.status = StoredMessage.Status.DEFERRED;
        message.lockToken = null;
        message.lockedUntil = null;
    }

    public void deadLetter(UUID lockToken, String reason, String description,
            Map<String, Object> propertiesToModify) {
        StoredMessage message = takeLock(lockToken);
        message.propertiesToModify.putAll(propertiesToModify);
        moveToDeadLetterQueue(message, reason, description);
        dispatch();
    }

    public Instant renewLock(UUID lockToken) {
        StoredMessage message = lockedMessage(lockToken);
        if (message.sessionId != null) {
            return message.lockedUntil;
        }
        message.lockedUntil = broker.now().plus(options.lockDuration());
        return message.lockedUntil;
    }

    private StoredMessage takeLock(UUID lockToken) {
        StoredMessage message = lockedMessage(lockToken);
        locked.remove(lockToken);
        return message;
    }

    private StoredMessage lockedMessage(UUID lockToken) {
        StoredMessage message = locked.get(lockToken);
        if (message == null || !broker.now().isBefore(message.lockedUntil)) {
            throw new BrokerException(BrokerException.MESSAGE_LOCK_LOST, "The lock supplied is invalid. Either the"
                    + " lock expired, or the message has already been removed from the queue '" + path + "'.");
        }
        return message;
    }

    private void redeliverOrDeadLetter(StoredMessage message) {
        message.deliveryCount++;
        if (message.deliveryCount >= options.maxDeliveryCount()) {
            moveToDeadLetterQueue(message, MAX_DELIVERY_COUNT_EXCEEDED, "Message could not be consumed after "
                    + options.maxDeliveryCount() + " delivery attempts.");
        } else {
            returnToQueue(message);
        }
    }

    private void returnToQueue(StoredMessage message) {
        if (message.deferred) {
            defer(message);
        } else {
            makeAvailable(message);
        }
    }

    private void moveToDeadLetterQueue(StoredMessage message, String reason, String description) {
        remove(message);
        if (deadLetterQueue == null) {
            return;
        }
        StoredMessage dead = new StoredMessage(message.sequenceNumber, message.payload, message.messageId,
                message.sessionId, message.enqueuedTime, null);
        dead.deliveryCount = message.deliveryCount;
        dead.deadLetterReason = reason;
        dead.deadLetterDescription = description;
        dead.deadLetterSource = path;
        dead.propertiesToModify.putAll(message.propertiesToModify);
        deadLetterQueue.messages.put(dead.sequenceNumber, dead);
        deadLetterQueue.makeAvailable(dead);
        deadLetterQueue.dispatch();
    }

    private void expire(StoredMessage message) {
        if (options.deadLetteringOnExpiration()) {
            moveToDeadLetterQueue(message, TTL_EXPIRED, "The message expired and was dead lettered.");
        } else {
            remove(message);
        }
    }

    // ---- management ----------------------------------------------------------------------------------------

    /** Receives deferred messages by sequence number; all are found or the request fails. */
    public List<MessageSnapshot> receiveDeferred(long[] sequenceNumbers, boolean peekLock, String sessionId) {
        List<StoredMessage> found = new ArrayList<>();
        for (long sequenceNumber : sequenceNumbers) {
            StoredMessage message = messages.get(sequenceNumber);
            if (message == null || message.status != StoredMessage.Status.DEFERRED
                    || (sessionId != null && !sessionId.equals(message.sessionId))) {
                throw new BrokerException(BrokerException.MESSAGE_NOT_FOUND, "Failed to retrieve the deferred"
                        + " message with sequence number " + sequenceNumber + " from '" + path + "'.");
            }
            found.add(message);
        }
        Instant now = broker.now();
        List<MessageSnapshot> received = new ArrayList<>();
        for (StoredMessage message : found) {
            if (peekLock) {
                lock(message, now);
                received.add(message.snapshot());
            } else {
                remove(message);
                received.add(message.snapshot());
            }
        }
        return received;
    }

    public List<MessageSnapshot> peek(long fromSequenceNumber, int count, String sessionId) {
        List<MessageSnapshot> peeked = new ArrayList<>();
        for (StoredMessage message : messages.tailMap(fromSequenceNumber, true).values()) {
            if (peeked.size() >= count) {
                break;
            }
            if (sessionId == null || sessionId.equals(message.sessionId)) {
                MessageSnapshot snapshot = message.snapshot();
                peeked.add(new MessageSnapshot(snapshot.sequenceNumber(), snapshot.payload(), snapshot.messageId(),
                        snapshot.sessionId(), snapshot.enqueuedTime(), snapshot.deliveryCount(), snapshot.state(),
                        null, null, snapshot.deadLetterReason(), snapshot.deadLetterDescription(),
                        snapshot.deadLetterSource(), snapshot.propertiesToModify()));
            }
        }
        return peeked;
    }

    public Instant renewSessionLock(String sessionId) {
        Instant now = broker.now();
        if (!sessions.isLocked(sessionId, now)) {
            throw new BrokerException(BrokerException.SESSION_LOCK_LOST, "The session lock has expired on the"
                    + " session '" + sessionId + "' of '" + path + "'. Accept a new session.");
        }
        Instant until = now.plus(options.lockDuration());
        sessions.renew(sessionId, until);
        locked.values().stream()
                .filter(message -> sessionId.equals(message.sessionId))
                .forEach(message -> message.lockedUntil = until);
        return until;
    }

    public byte[] sessionState(String sessionId) {
        return sessions.state(sessionId);
    }

    public void setSessionState(String sessionId, byte[] state) {
        sessions.setState(sessionId, state);
    }

    // ---- time ----------------------------------------------------------------------------------------------

    /** Applies what the passing of time decides: scheduled messages appear, locks and messages expire. */
    void tick(Instant now) {
        releaseDueScheduledMessages(now);
        expireMessageLocks(now);
        expireSessionLocks(now);
        if (expiringMessages > 0) {
            expireAvailableMessages(now);
        }
        dispatch();
        if (deadLetterQueue != null) {
            deadLetterQueue.tick(now);
        }
    }

    private void releaseDueScheduledMessages(Instant now) {
        Iterator<StoredMessage> due = scheduled.values().iterator();
        while (due.hasNext()) {
            StoredMessage message = due.next();
            if (message.scheduledEnqueueTime.isAfter(now)) {
                continue;
            }
            due.remove();
            messages.remove(message.sequenceNumber);
            StoredMessage visible = new StoredMessage(message.sequenceNumber, message.payload, message.messageId,
                    message.sessionId, now, expiry(message.pendingTimeToLive, now));
            messages.put(visible.sequenceNumber, visible);
            if (visible.expiresAt != null) {
                expiringMessages++;
            }
            makeAvailable(visible);
        }
    }

    private void expireMessageLocks(Instant now) {
        List<StoredMessage> expired = locked.values().stream()
                .filter(message -> message.sessionId == null && !now.isBefore(message.lockedUntil))
                .toList();
        for (StoredMessage message : expired) {
            locked.remove(message.lockToken);
            redeliverOrDeadLetter(message);
        }
    }

    private void expireSessionLocks(Instant now) {
        for (Consumer holder : sessions.expiredHolders(now)) {
            consumers.remove(holder);
            String sessionId = sessions.release(holder);
            redeliverLockedMessagesOf(sessionId);
            holder.sessionLockLost(sessionId);
        }
    }

    private void expireAvailableMessages(Instant now) {
        List<StoredMessage> expired = new ArrayList<>();
        for (TreeMap<Long, StoredMessage> candidates : available.values()) {
            for (StoredMessage message : candidates.values()) {
                if (message.isExpired(now)) {
                    expired.add(message);
                }
            }
        }
        for (StoredMessage message : expired) {
            available.get(message.sessionKey()).remove(message.sequenceNumber);
            expire(message);
        }
    }

    // ---- inspection ----------------------------------------------------------------------------------------

    /** Messages in the active state, locked or not, as Service Bus counts them. */
    public int activeMessageCount() {
        return (int) messages.values().stream()
                .filter(message -> message.status == StoredMessage.Status.AVAILABLE
                        || (message.status == StoredMessage.Status.LOCKED && !message.deferred))
                .count();
    }

    public int scheduledMessageCount() {
        return scheduled.size();
    }

    public int deferredMessageCount() {
        return (int) messages.values().stream().filter(message -> message.deferred).count();
    }

    public List<MessageSnapshot> messages() {
        return messages.values().stream().map(StoredMessage::snapshot).toList();
    }

    // ---- saved state (see BrokerState) ---------------------------------------------------------------------

    /** Everything the queue holds, in sequence order; live, so only to be read. */
    Collection<StoredMessage> storedMessages() {
        return Collections.unmodifiableCollection(messages.values());
    }

    DuplicateDetection duplicateDetection() {
        return duplicateDetection;
    }

    Sessions sessions() {
        return sessions;
    }

    /**
     * Takes back a message saved when the emulator stopped. Its lock did not survive the restart, so a message
     * that was locked is treated as one whose lock expired: redelivered with one more delivery counted, or
     * dead-lettered once that reaches the maximum.
     */
    void restore(StoredMessage message) {
        messages.put(message.sequenceNumber, message);
        if (message.expiresAt != null) {
            expiringMessages++;
        }
        switch (message.status) {
            case AVAILABLE -> makeAvailable(message);
            case DEFERRED -> defer(message);
            case SCHEDULED -> scheduled.put(message.sequenceNumber, message);
            case LOCKED -> redeliverOrDeadLetter(message);
        }
    }
}
