package no.dpe.tracker.core.api;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Our fagsystem creates an outgoing message from its SBD (which already has its defaults filled in). */
public record CreateMessageCommand(
        @TargetAggregateIdentifier String conversationId,
        String messageId,
        MessageDetails details,
        JsonNode sbd,
        Instant occurredAt) {
}
