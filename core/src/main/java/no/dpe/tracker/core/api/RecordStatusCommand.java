package no.dpe.tracker.core.api;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A status for a message of the conversation (the "ack"): SENDT from the transport, MOTTATT or LEVERT
 * from the counterpart, INNKOMMENDE_LEVERT from our fagsystem, FEIL with a reason from anyone.
 *
 * @param direction  which of the conversation's messages with this id is meant; may be null when the
 *                   status itself tells (all but FEIL do)
 * @param reportedBy the organisation number that reported the status; required when the source is the
 *                   counterpart, which must then be the message's counterpart
 */
public record RecordStatusCommand(
        @TargetAggregateIdentifier String conversationId,
        String messageId,
        Direction direction,
        MessageStatus status,
        String description,
        Instant occurredAt,
        Source source,
        String reportedBy) {
}
