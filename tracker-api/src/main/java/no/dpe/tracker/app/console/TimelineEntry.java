package no.dpe.tracker.app.console;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import no.dpe.tracker.core.api.Actor;
import no.dpe.tracker.core.api.ConversationEvent;
import no.dpe.tracker.core.api.FileAttachedEvent;
import no.dpe.tracker.core.api.FileReference;
import no.dpe.tracker.core.api.KvitteringRecordedEvent;
import no.dpe.tracker.core.api.MessageCreatedEvent;
import no.dpe.tracker.core.api.MessageQueuedForSendingEvent;
import no.dpe.tracker.core.api.MessageReceivedEvent;
import no.dpe.tracker.core.api.MessageStatusRecordedEvent;
import no.dpe.tracker.core.api.PackageSigner;
import no.dpe.tracker.core.api.StatusNotSentBackEvent;
import org.axonframework.eventhandling.DomainEventMessage;

/**
 * One line of a conversation's timeline: an event as stored, in the terms support reads it by. {@code kind} names
 * the event for the reader's language ({@code event.<kind>} in the console's messages); {@code status} is what the
 * event recorded, {@code late} marks a status that came after a later one had been recorded already.
 *
 * @param atSource    when it happened where it happened (the fagsystem's, the counterpart's or our clock)
 * @param recorded    when the tracker stored it
 * @param files       the files it carried or attached: names, sizes and checksums, never content
 * @param signer      who signed a received package
 * @param kvittering  eInnsyn's answer, for a kvittering
 * @param actor       who did it, from the event's metadata (ADR 0016); null for events stored before it was kept
 */
public record TimelineEntry(long sequence, String kind, String messageId, String direction, String source,
                            Instant atSource, Instant recorded, String status, String description, boolean late,
                            boolean afterDelivery, List<FileReference> files, PackageSigner signer,
                            Kvittering kvittering, Actor actor) {

    /** eInnsyn's kvittering as it came. */
    public record Kvittering(String kvitteringMessageId, String dokumentId, String referanseType, boolean published,
                             List<String> warnings, String status) {
    }

    static TimelineEntry of(DomainEventMessage<?> message) {
        Object payload = message.getPayload();
        Actor actor = Actor.from(message.getMetaData()).orElse(null);
        if (!(payload instanceof ConversationEvent event)) {
            return new TimelineEntry(message.getSequenceNumber(), "Other", null, null, null, null,
                    message.getTimestamp(), null, message.getPayloadType().getSimpleName(), false, false, List.of(),
                    null, null, actor);
        }
        String kind = payload.getClass().getSimpleName().replace("Event", "");
        String status = null;
        String description = null;
        boolean late = false;
        boolean afterDelivery = false;
        List<FileReference> files = List.of();
        PackageSigner signer = null;
        Kvittering kvittering = null;
        switch (event) {
            case MessageCreatedEvent created -> status = created.status().name();
            case MessageReceivedEvent received -> {
                status = received.status().name();
                files = received.files();
                signer = received.receivedPackage() == null ? null : received.receivedPackage().signer();
            }
            case FileAttachedEvent attached -> files = List.of(attached.file());
            case MessageQueuedForSendingEvent queued -> files = queued.files();
            case MessageStatusRecordedEvent recorded -> {
                status = recorded.status().name();
                description = recorded.description();
                late = recorded.late();
                afterDelivery = recorded.afterDelivery();
            }
            case KvitteringRecordedEvent answer -> kvittering = new Kvittering(answer.kvitteringMessageId(),
                    answer.dokumentId(), answer.referanseType(), answer.published(), answer.warnings(),
                    text(answer.status()));
            case StatusNotSentBackEvent unsent -> {
                status = unsent.status().name();
                description = unsent.reason();
            }
        }
        return new TimelineEntry(message.getSequenceNumber(), kind, event.messageId(), event.direction().name(),
                event.source().name(), event.occurredAt(), message.getTimestamp(), status, description, late,
                afterDelivery, files, signer, kvittering, actor);
    }

    private static String text(JsonNode status) {
        if (status == null || status.isNull()) {
            return null;
        }
        return status.isTextual() ? status.asText() : status.toPrettyString();
    }
}
