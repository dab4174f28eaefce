package no.dpe.tracker.app.events;

import java.security.Principal;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import no.dpe.tracker.app.conversations.QueryParameters;
import no.dpe.tracker.app.eventstore.EventPosition;
import no.dpe.tracker.app.problem.ClientError;
import no.dpe.tracker.core.api.Direction;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/**
 * {@code GET /api/events}: every message created or received, every status and every kvittering, as
 * server-sent events whose data is a {@link MessageEvent} and whose id is the event's position in the
 * store. A client that reconnects with {@code Last-Event-ID} gets what followed, nothing twice. A caller may have
 * a few streams open at once, and the tracker serves a bounded number in all ({@link EventSubscribers}).
 */
@RestController
class EventStreamController {

    private final EventStream stream;
    private final EventStore eventStore;
    private final EventSubscribers subscribers;

    EventStreamController(EventStream stream, EventStore eventStore, EventSubscribers subscribers) {
        this.stream = stream;
        this.eventStore = eventStore;
        this.subscribers = subscribers;
    }

    /**
     * @param process     only events of messages of this process (its identifier)
     * @param direction   only INCOMING or only OUTGOING messages
     * @param from        {@code now} to start after the latest event; by default the stream starts at the
     *                    first event ever stored. {@code Last-Event-ID} overrides it.
     * @param lastEventId the id of the last event the client got
     */
    @GetMapping(path = "/api/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<String>> events(@RequestParam Optional<String> process,
                                         @RequestParam Optional<String> direction,
                                         @RequestParam Optional<String> from,
                                         @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
                                         Principal caller) {
        MessageEventFilter filter = new MessageEventFilter(Set.of(),
                direction.map(EventStreamController::direction).map(Set::of).orElse(Set.of()),
                process.map(identifier -> QueryParameters.processIdentifier("process", identifier)).map(Set::of)
                        .orElse(Set.of()),
                Set.of());
        from.filter(value -> !value.equals("now")).ifPresent(value -> {
            throw ClientError.invalid("from", "one-of", "from is 'now' or left out (to start at the beginning)");
        });
        Supplier<TrackingToken> start;
        if (lastEventId != null && !lastEventId.isBlank()) {
            TrackingToken after;
            try {
                after = EventPosition.parse(lastEventId);
            } catch (IllegalArgumentException e) {
                throw ClientError.invalid("Last-Event-ID", "event-id", e.getMessage());
            }
            start = () -> after;
        } else {
            start = from.isPresent() ? eventStore::createHeadToken : () -> null;
        }
        Runnable release = subscribers.admit(caller.getName());
        return stream.after(start, filter).doFinally(signal -> release.run());
    }

    private static Direction direction(String value) {
        try {
            return Direction.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw ClientError.invalid("direction", "one-of", "direction is INCOMING or OUTGOING, not " + value);
        }
    }

}
