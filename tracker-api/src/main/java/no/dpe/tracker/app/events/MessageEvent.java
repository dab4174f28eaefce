package no.dpe.tracker.app.events;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.MessageStatus;

/**
 * What the fagsystem is told about a message, over server-sent events and webhooks alike: next-move's
 * webhook content ({@code createdTs, resource, event, messageId, conversationId, direction,
 * serviceIdentifier, status, description}) plus what this tracker knows beyond it.
 *
 * @param position          the event's place in the event store (its global index): a receiver orders and
 *                          de-duplicates by it
 * @param event             {@code status} for a message created, received or given a status; {@code kvittering}
 *                          when eInnsyn answered an outgoing message with an einnsyn_kvittering
 * @param serviceIdentifier always {@code DPE}
 * @param process           the DPE process identifier, e.g. {@code urn:no:difi:profile:einnsyn:innsynskrav:ver1.0}
 * @param status            the status recorded (null for a kvittering)
 * @param currentStatus     the message's current status after it; differs from {@code status} for a late one
 * @param published         for a kvittering: whether eInnsyn published
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessageEvent(
        long position,
        Instant createdTs,
        String resource,
        String event,
        String messageId,
        String conversationId,
        Direction direction,
        String serviceIdentifier,
        String process,
        MessageStatus status,
        MessageStatus currentStatus,
        String description,
        Boolean published) {

    public static final String STATUS = "status";
    public static final String KVITTERING = "kvittering";
}
