package no.dpe.tracker.core.api;

import java.time.Instant;
import java.util.List;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Our fagsystem hands a created message over for sending. The message goes with the files attached to it
 * ({@link FileAttachedEvent}); {@code files} names those the caller knows of, which only matters for files uploaded
 * before uploads were recorded as events (a message created by an earlier version and sent by this one).
 */
public record SendMessageCommand(
        @TargetAggregateIdentifier String conversationId,
        String messageId,
        List<FileReference> files,
        Instant occurredAt) {

    public SendMessageCommand {
        files = List.copyOf(files);
    }
}
