package no.dpe.tracker.core.api;

import java.time.Instant;

/**
 * A file was added to an outgoing message before it was sent: it goes with the message when it is sent. The
 * history keeps what identifies the file (name, type, size, SHA-256), never its bytes.
 */
public record FileAttachedEvent(
        String conversationId,
        String messageId,
        FileReference file,
        Instant occurredAt,
        Source source) implements ConversationEvent {

    @Override
    public Direction direction() {
        return Direction.OUTGOING;
    }
}
