package no.dpe.tracker.core.api;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The deadline of a message passed ({@code occurredAt} is the deadline itself). */
public record ExpireMessageCommand(
        @TargetAggregateIdentifier String conversationId,
        String messageId,
        Direction direction,
        Instant occurredAt) {
}
