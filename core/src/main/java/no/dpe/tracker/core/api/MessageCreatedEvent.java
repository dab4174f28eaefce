package no.dpe.tracker.core.api;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/** An outgoing message was created by our fagsystem: OPPRETTET. {@code sbd} is the document as created. */
public record MessageCreatedEvent(
        String conversationId,
        String messageId,
        MessageDetails details,
        JsonNode sbd,
        MessageStatus status,
        Instant occurredAt,
        Source source) implements ConversationEvent {

    @Override
    public Direction direction() {
        return Direction.OUTGOING;
    }
}
