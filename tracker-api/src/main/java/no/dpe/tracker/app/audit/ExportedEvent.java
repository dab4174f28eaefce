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
        @JsonRawValue String metadata) {
}
