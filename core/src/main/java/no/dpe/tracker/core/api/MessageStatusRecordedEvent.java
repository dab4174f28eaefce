package no.dpe.tracker.core.api;

import java.time.Instant;

/**
 * A status was recorded for a message.
 *
 * @param currentStatus the message's current status once this one is taken into account; a late status
 *                      leaves it where it was
 * @param late          the status ranks below one the message already had: kept in the history, but it
 *                      did not move the current status back
 * @param afterDelivery the message was already finished (LEVERT or INNKOMMENDE_LEVERT) when it arrived
 */
public record MessageStatusRecordedEvent(
        String conversationId,
        String messageId,
        Direction direction,
        MessageStatus status,
        String description,
        MessageStatus currentStatus,
        boolean late,
        boolean afterDelivery,
        Instant occurredAt,
        Source source) implements ConversationEvent {
}
