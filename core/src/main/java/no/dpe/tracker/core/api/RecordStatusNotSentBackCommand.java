package no.dpe.tracker.core.api;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The transport could not send a status back to the sender of an incoming message, and retrying will not help. The
 * same status failing again for the same message records nothing more.
 */
public record RecordStatusNotSentBackCommand(
        @TargetAggregateIdentifier String conversationId,
        String messageId,
        MessageStatus status,
        String reason,
        Instant occurredAt) {
}
