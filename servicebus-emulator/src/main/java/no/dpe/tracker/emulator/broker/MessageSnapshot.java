package no.dpe.tracker.emulator.broker;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A stored message as the broker hands it to a receiver or a peek: the sender's payload plus what the broker
 * knows about it. A snapshot, so the transport can encode it without touching the broker's state.
 *
 * @param lockToken the lock a peek-locked delivery carries; {@code null} for peeks and receive-and-delete
 * @param lockedUntil when that lock expires; {@code null} without a lock
 * @param propertiesToModify application properties a receiver asked to change when it abandoned, deferred or
 *                           dead-lettered the message
 */
public record MessageSnapshot(
        long sequenceNumber,
        byte[] payload,
        String messageId,
        String sessionId,
        Instant enqueuedTime,
        int deliveryCount,
        MessageState state,
        UUID lockToken,
        Instant lockedUntil,
        String deadLetterReason,
        String deadLetterDescription,
        String deadLetterSource,
        Map<String, Object> propertiesToModify) {
}
