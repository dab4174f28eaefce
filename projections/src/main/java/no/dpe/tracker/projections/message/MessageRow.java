package no.dpe.tracker.projections.message;

import java.time.Instant;

import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.sbd.DocumentType;
import no.dpe.tracker.core.sbd.DpeProcess;

/**
 * One message's current state, as the message index keeps it. {@code sbd} is the document as JSON;
 * {@code packageSha256} names a received message's package as it is stored (encrypted), or is null.
 */
public record MessageRow(
        String messageId,
        Direction direction,
        String conversationId,
        DpeProcess process,
        DocumentType documentType,
        String sender,
        String receiver,
        Instant deadline,
        MessageStatus status,
        boolean queuedForSending,
        Instant createdAt,
        Instant lastUpdate,
        String sbd,
        String packageSha256) {
}
