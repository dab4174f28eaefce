package no.dpe.tracker.projections.state;

import java.time.Instant;

import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.sbd.DocumentType;
import no.dpe.tracker.core.sbd.DpeProcess;

/**
 * A conversation at a glance. Process, document type, parties and direction are those of its first message;
 * {@code status} is the current status of the message that changed last.
 *
 * @param openMessages how many of its messages are not finished
 */
public record ConversationSummary(
        String conversationId,
        DpeProcess process,
        DocumentType documentType,
        String sender,
        String receiver,
        Direction direction,
        MessageStatus status,
        int messages,
        int openMessages,
        Instant createdAt,
        Instant lastUpdate) {

    public boolean finished() {
        return openMessages == 0;
    }
}
