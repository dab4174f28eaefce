package no.dpe.tracker.app.audit;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonRawValue;

/**
 * One line of the audit export. {@code payload} and {@code metadata} are the JSON the event store holds, as
 * it holds it.
 *
 * @param position the event's global position
 * @param resume   where an export resumed after this event continues: pass the last one seen as {@code after}. It is
 *                 the position, and behind a colon any lower positions not yet committed when it was read
 * @param type     the event's type, such as MessageStatusRecordedEvent
 * @param aggregateType   the aggregate's type as stored (Conversation); with the following, what the offline verifier
 *                        needs to compute the event's hash (adr/0015-tamper-evident-history.md)
 * @param payloadType     the payload's class name as stored
 * @param payloadRevision the payload's revision as stored, or null
 * @param hash            the SHA-256 of the event's canonical form, stored with it
 * @param previousHash    the hash of the event before it in its conversation, or null for the first
 */
record ExportedEvent(
        long position,
        String resume,
        String conversationId,
        long sequence,
        String eventId,
        String type,
        Instant timestamp,
        @JsonRawValue String payload,
        @JsonRawValue String metadata,
        String aggregateType,
        String payloadType,
        String payloadRevision,
        String hash,
        String previousHash) {
}
