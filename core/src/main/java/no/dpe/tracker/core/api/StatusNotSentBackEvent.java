package no.dpe.tracker.core.api;

import java.time.Instant;

/**
 * A status we owe the sender of an incoming message (MOTTATT once it is recorded, LEVERT once our fagsystem has it)
 * could not be sent back, for a reason retrying will not mend: the sender's queue does not exist, we may not send to
 * it. The sender will see the message's deadline pass instead. Recorded so that support sees it; the message's own
 * status is unchanged, as our fagsystem still has the message.
 *
 * @param status the status that was not sent back
 * @param reason why, as the transport said it
 */
public record StatusNotSentBackEvent(
        String conversationId,
        String messageId,
        MessageStatus status,
        String reason,
        Instant occurredAt,
        Source source) implements ConversationEvent {

    @Override
    public Direction direction() {
        return Direction.INCOMING;
    }
}
