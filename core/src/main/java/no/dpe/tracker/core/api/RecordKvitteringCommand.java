package no.dpe.tracker.core.api;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * An eInnsyn-kvittering arrived for the conversation: whether eInnsyn published what we sent, and its
 * validation warnings. {@code details} and {@code sbd} describe the kvittering message itself.
 */
public record RecordKvitteringCommand(
        @TargetAggregateIdentifier String conversationId,
        String kvitteringMessageId,
        String dokumentId,
        String referanseType,
        boolean published,
        List<String> warnings,
        JsonNode status,
        MessageDetails details,
        JsonNode sbd,
        Instant occurredAt) {

    public RecordKvitteringCommand {
        warnings = List.copyOf(warnings);
    }
}
