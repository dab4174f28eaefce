package no.dpe.tracker.app.message;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonRawValue;
import no.dpe.tracker.core.api.FileReference;
import no.dpe.tracker.projections.message.MessageRow;

/** A message as the API shows it: its current state, its files and its SBD. */
public record MessageView(
        String messageId,
        String conversationId,
        String direction,
        String process,
        String documentType,
        String sender,
        String receiver,
        String status,
        boolean sent,
        Instant deadline,
        Instant created,
        Instant lastUpdate,
        List<FileReference> files,
        @JsonRawValue String sbd) {

    static MessageView of(MessageRow row, List<FileReference> files) {
        return new MessageView(row.messageId(), row.conversationId(), row.direction().name(),
                row.process().identifier(), row.documentType().standard(), row.sender(), row.receiver(),
                row.status().name(), row.queuedForSending(), row.deadline(), row.createdAt(), row.lastUpdate(),
                files, row.sbd());
    }
}
