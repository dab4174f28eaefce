package no.dpe.tracker.core.api;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Our fagsystem uploaded a file for a created message that has not been sent yet. The content is stored
 * already (content-addressed); the command carries what identifies it.
 *
 * @param sizeLimit the most the message's files may come to together (DPE's 2 MB)
 */
public record AttachFileCommand(
        @TargetAggregateIdentifier String conversationId,
        String messageId,
        FileReference file,
        long sizeLimit,
        Instant occurredAt) {
}
