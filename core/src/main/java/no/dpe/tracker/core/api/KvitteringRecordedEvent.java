package no.dpe.tracker.core.api;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * eInnsyn answered an outgoing message of ours with a kvittering.
 *
 * @param messageId           the outgoing message the kvittering answers
 * @param kvitteringMessageId the kvittering's own messageId
 * @param status              the kvittering's status object, parsed from its JSON string
 */
public record KvitteringRecordedEvent(
        String conversationId,
        String messageId,
        String kvitteringMessageId,
        String dokumentId,
        String referanseType,
        boolean published,
        List<String> warnings,
        JsonNode status,
        Instant occurredAt,
        Source source) implements ConversationEvent {

    public KvitteringRecordedEvent {
        warnings = List.copyOf(warnings);
    }

    @Override
    public Direction direction() {
        return Direction.OUTGOING;
    }
}
