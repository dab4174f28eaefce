package no.dpe.tracker.emulator.broker;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** A message while a queue holds it. Mutable, and only ever touched by its queue. */
final class StoredMessage {

    enum Status { AVAILABLE, LOCKED, DEFERRED, SCHEDULED }

    final long sequenceNumber;
    final byte[] payload;
    final String messageId;
    final String sessionId;
    final Instant expiresAt;
    Instant enqueuedTime;
    Instant scheduledEnqueueTime;
    Duration pendingTimeToLive;
    int deliveryCount;
    Status status;
    boolean deferred;
    UUID lockToken;
    Instant lockedUntil;
    String deadLetterReason;
    String deadLetterDescription;
    String deadLetterSource;
    final Map<String, Object> propertiesToModify = new LinkedHashMap<>();

    StoredMessage(long sequenceNumber, byte[] payload, String messageId, String sessionId, Instant enqueuedTime,
            Instant expiresAt) {
        this.sequenceNumber = sequenceNumber;
        this.payload = payload;
        this.messageId = messageId;
        this.sessionId = sessionId;
        this.enqueuedTime = enqueuedTime;
        this.expiresAt = expiresAt;
    }

    String sessionKey() {
        return sessionId == null ? "" : sessionId;
    }

    boolean isExpired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    MessageSnapshot snapshot() {
        MessageState state = switch (status) {
            case DEFERRED -> MessageState.DEFERRED;
            case SCHEDULED -> MessageState.SCHEDULED;
            case LOCKED -> deferred ? MessageState.DEFERRED : MessageState.ACTIVE;
            case AVAILABLE -> MessageState.ACTIVE;
        };
        return new MessageSnapshot(sequenceNumber, payload, messageId, sessionId, enqueuedTime, deliveryCount, state,
                lockToken, lockedUntil, deadLetterReason, deadLetterDescription, deadLetterSource,
                Map.copyOf(propertiesToModify));
    }
}
