package no.dpe.tracker.core.api;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Our fagsystem creates an outgoing message with its files and hands it over for sending in one request (next-move's
 * multipart): all of it is recorded, or none of it.
 *
 * @param sizeLimit the most the files may come to together (DPE's 2 MB)
 */
public record CreateAndSendMessageCommand(
        @TargetAggregateIdentifier String conversationId,
        String messageId,
        MessageDetails details,
        JsonNode sbd,
        List<FileReference> files,
        long sizeLimit,
        Instant occurredAt) {

    public CreateAndSendMessageCommand {
        files = List.copyOf(files);
    }
}
