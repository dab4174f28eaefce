package no.dpe.tracker.core.api;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A message from a counterpart was recorded: INNKOMMENDE_MOTTATT.
 *
 * @param files                  the files in its package (name, type, size, SHA-256 of the decrypted content)
 * @param uncorrelatedKvittering true for an eInnsyn-kvittering that answered nothing we sent, kept as an
 *                               incoming message of its own so that it is not lost
 * @param receivedPackage        the package as stored (encrypted) and who signed it; null for receipts, which
 *                               carry none, and for messages recorded before packages were signed and encrypted
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
        Source source,
        ReceivedPackage receivedPackage) implements ConversationEvent {

    public MessageReceivedEvent {
        files = List.copyOf(files);
    }

    /** A message that came without a package (a receipt). */
    public MessageReceivedEvent(String conversationId, String messageId, MessageDetails details, JsonNode sbd,
                                List<FileReference> files, MessageStatus status, boolean uncorrelatedKvittering,
                                Instant occurredAt, Source source) {
        this(conversationId, messageId, details, sbd, files, status, uncorrelatedKvittering, occurredAt, source, null);
    }

    @Override
    public Direction direction() {
        return Direction.INCOMING;
    }
}
