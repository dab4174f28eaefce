package no.dpe.tracker.core.api;

import java.time.Instant;
import java.util.List;

/**
 * Our fagsystem handed a created message over for sending; the transport publishes it from here (the
 * event store is the outbox). The status stays OPPRETTET until the transport records SENDT.
 */
public record MessageQueuedForSendingEvent(
        String conversationId,
        String messageId,
        List<FileReference> files,
        Instant occurredAt,
        Source source) implements ConversationEvent {

    public MessageQueuedForSendingEvent {
        files = List.copyOf(files);
    }

    @Override
    public Direction direction() {
        return Direction.OUTGOING;
    }
}
