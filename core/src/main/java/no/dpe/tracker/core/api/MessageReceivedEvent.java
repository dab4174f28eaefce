package no.dpe.tracker.core.api;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A message from a counterpart was recorded: INNKOMMENDE_MOTTATT.
 *
 * @param uncorrelatedKvittering true for an eInnsyn-kvittering that answered nothing we sent, kept as an
 *                               incoming message of its own so that it is not lost
 */
public record MessageReceivedEvent(
        String conversationId,
        String messageId,
        MessageDetails details,
        JsonNode sbd,
        List<FileReference> files,
        MessageStatus status,
        boolean uncorrelatedKvittering,
        Instant occurredAt,
        Source source) implements ConversationEvent {

    public MessageReceivedEvent {
        files = List.copyOf(files);
    }

    @Override
    public Direction direction() {
        return Direction.INCOMING;
    }
}
