package no.dpe.tracker.app.history;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.dpe.tracker.app.Blocking;
import no.dpe.tracker.app.problem.ClientError;
import no.dpe.tracker.core.api.Actor;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * A conversation's full history, read from the event store from its very first event (not from a
 * snapshot), with the metadata Axon stored beside each event.
 */
@RestController
class ConversationHistoryController {

    /**
     * One stored event. {@code payload} is the event as stored, in Jackson 2's JSON form; {@code actor} says in words
     * who did it, from the actor keys of its {@code metadata} (ADR 0016), or is null for an event stored before they
     * were kept.
     */
    record HistoryEntry(String type, long sequence, Instant timestamp, String eventId,
                        @JsonRawValue String payload, Map<String, Object> metadata, String actor) {
    }

    private final EventStore eventStore;
    private final ObjectMapper json;
    private final Blocking blocking;

    ConversationHistoryController(EventStore eventStore, @Qualifier("defaultAxonObjectMapper") ObjectMapper json,
                                  Blocking blocking) {
        this.eventStore = eventStore;
        this.json = json;
        this.blocking = blocking;
    }

    @GetMapping("/api/conversations/{conversationId}/events")
    Mono<List<HistoryEntry>> history(@PathVariable String conversationId) {
        return blocking.call(() -> eventStore.readEvents(conversationId, 0).asStream().map(this::entry).toList())
                .flatMap(entries -> entries.isEmpty()
                        ? Mono.error(ClientError.notFound("No conversation with id " + conversationId))
                        : Mono.just(entries));
    }

    private HistoryEntry entry(DomainEventMessage<?> event) {
        try {
            return new HistoryEntry(event.getPayloadType().getSimpleName(), event.getSequenceNumber(),
                    event.getTimestamp(), event.getIdentifier(), json.writeValueAsString(event.getPayload()),
                    Map.copyOf(event.getMetaData()),
                    Actor.from(event.getMetaData()).map(Actor::describe).orElse(null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored event could not be written as JSON: " + event.getIdentifier(), e);
        }
    }
}
