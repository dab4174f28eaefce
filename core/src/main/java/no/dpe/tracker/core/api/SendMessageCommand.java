package no.dpe.tracker.core.api;

import java.time.Instant;
import java.util.List;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Our fagsystem hands a created message over for sending, with references to its uploaded files. */
public record SendMessageCommand(
        @TargetAggregateIdentifier String conversationId,
        String messageId,
        List<FileReference> files,
        Instant occurredAt) {

    public SendMessageCommand {
        files = List.copyOf(files);
    }
}
