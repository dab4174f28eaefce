package no.dpe.tracker.app.events;

import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.dpe.tracker.app.eventstore.EventStoreComponents;
import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.KvitteringRecordedEvent;
import no.dpe.tracker.core.api.MessageCreatedEvent;
import no.dpe.tracker.core.api.MessageReceivedEvent;
import no.dpe.tracker.core.api.MessageStatusRecordedEvent;
import no.dpe.tracker.core.sbd.DpeProcess;
import no.dpe.tracker.projections.EventPositions;
import no.dpe.tracker.projections.message.MessageIndex;
import no.dpe.tracker.projections.message.MessageRow;
import org.axonframework.eventhandling.EventMessage;

/**
 * Turns stored events into {@link MessageEvent}s: every message created or received, every status recorded
 * and every kvittering. Other events (a message queued for sending) tell the fagsystem nothing new.
 */
public class MessageEvents {

    public static final String SERVICE_IDENTIFIER = "DPE";
    private static final ObjectMapper JSON = EventStoreComponents.objectMapper();

    private final MessageIndex index;
    private final EventPositions positions;

    public MessageEvents(MessageIndex index, EventPositions positions) {
        this.index = index;
        this.positions = positions;
    }

    /**
     * The event for the fagsystem, if the stored one is of interest to it. Its position is the event's own
     * global index, never a tracking token's (see {@link EventPositions}).
     */
    public Optional<MessageEvent> of(EventMessage<?> message) {
        Object payload = message.getPayload();
        if (!(payload instanceof MessageCreatedEvent || payload instanceof MessageReceivedEvent
                || payload instanceof MessageStatusRecordedEvent || payload instanceof KvitteringRecordedEvent)) {
            return Optional.empty();
        }
        return of(message, positions.of(message.getIdentifier()));
    }

    private Optional<MessageEvent> of(EventMessage<?> message, long position) {
        Instant at = message.getTimestamp();
        Object payload = message.getPayload();
        if (payload instanceof MessageCreatedEvent created) {
            return Optional.of(new MessageEvent(position, at, "messages", MessageEvent.STATUS, created.messageId(),
                    created.conversationId(), Direction.OUTGOING, SERVICE_IDENTIFIER,
                    created.details().process().identifier(), created.status(), created.status(), null, null));
        }
        if (payload instanceof MessageReceivedEvent received) {
            return Optional.of(new MessageEvent(position, at, "messages", MessageEvent.STATUS, received.messageId(),
                    received.conversationId(), Direction.INCOMING, SERVICE_IDENTIFIER,
                    received.details().process().identifier(), received.status(), received.status(),
                    received.uncorrelatedKvittering() ? "einnsyn_kvittering that answers no message of ours" : null,
                    null));
        }
        if (payload instanceof MessageStatusRecordedEvent recorded) {
            return Optional.of(new MessageEvent(position, at, "messages", MessageEvent.STATUS, recorded.messageId(),
                    recorded.conversationId(), recorded.direction(), SERVICE_IDENTIFIER,
                    process(recorded.messageId(), recorded.direction()), recorded.status(), recorded.currentStatus(),
                    recorded.description(), null));
        }
        if (payload instanceof KvitteringRecordedEvent kvittering) {
            return Optional.of(new MessageEvent(position, at, "messages", MessageEvent.KVITTERING,
                    kvittering.messageId(), kvittering.conversationId(), Direction.OUTGOING, SERVICE_IDENTIFIER,
                    process(kvittering.messageId(), Direction.OUTGOING), null, null, describe(kvittering),
                    kvittering.published()));
        }
        return Optional.empty();
    }

    /** The event as JSON: the body of a webhook POST and the data of a server-sent event. */
    public static String json(MessageEvent event) {
        try {
            return JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a MessageEvent is always JSON", e);
        }
    }

    /** Statuses carry no details, so the process comes from the message's row (it never changes). */
    private String process(String messageId, Direction direction) {
        return index.find(messageId, direction).map(MessageRow::process).map(DpeProcess::identifier).orElse(null);
    }

    private static String describe(KvitteringRecordedEvent kvittering) {
        String outcome = kvittering.published() ? "publisert" : "ikke publisert";
        return kvittering.warnings().isEmpty() ? outcome : outcome + "; " + String.join("; ", kvittering.warnings());
    }
}
