package no.dpe.tracker.core.api;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A business message arrived from a counterpart. {@code occurredAt} is when the sender created it;
 * {@code receivedAt} is when we got it, which decides whether its deadline had already passed. {@code files} names
 * the files in its package; {@code receivedPackage} is the package itself, stored encrypted, and its signer.
 */
public record ReceiveMessageCommand(
        @TargetAggregateIdentifier String conversationId,
        String messageId,
        MessageDetails details,
        JsonNode sbd,
        List<FileReference> files,
        Instant occurredAt,
        Instant receivedAt,
        ReceivedPackage receivedPackage) {

    public ReceiveMessageCommand {
        files = List.copyOf(files);
    }
}
