package no.dpe.tracker.app.audit;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import no.dpe.tracker.app.Blocking;
import no.dpe.tracker.app.eventstore.EventPosition;
import no.dpe.tracker.app.problem.ClientError;
import no.dpe.tracker.core.api.ConversationEvent;
import no.dpe.tracker.projections.state.MessageState;
import no.dpe.tracker.projections.state.MessageStateFold;
import no.dpe.tracker.projections.state.Recorded;
import no.dpe.tracker.projections.state.WaitingOn;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static no.dpe.tracker.app.conversations.QueryParameters.instant;

/**
 * What auditors need beyond a conversation's history ({@code /api/conversations/{id}/events}): the state of a
 * conversation as the tracker knew it at any instant, and an export of every event.
 */
@RestController
@RequestMapping("/api/audit")
class AuditController {

    /** A conversation as it stood at {@code asOf}, folded from the {@code events} recorded until then. */
    record ConversationAsOf(String conversationId, Instant asOf, int events, List<MessageAsOf> messages) {
    }

    /** A message then, and whom it was waiting for then. */
    record MessageAsOf(MessageState message, WaitingOn waitingOn) {
    }

    private final EventStore eventStore;
    private final EventExport export;
    private final Clock clock;
    private final Blocking blocking;

    AuditController(EventStore eventStore, EventExport export, Clock clock, Blocking blocking) {
        this.eventStore = eventStore;
        this.export = export;
        this.clock = clock;
        this.blocking = blocking;
    }

    /**
     * Folded with the message-state projection's own fold from the events the tracker had recorded at
     * {@code asOf} (their recording time, not when they happened at their source), read from the very first
     * event rather than from a snapshot. Without {@code asOf}, now.
     */
    @GetMapping("/conversations/{conversationId}")
    Mono<ConversationAsOf> asOf(@PathVariable String conversationId, @RequestParam Optional<String> asOf) {
        return blocking.call(() -> {
            Instant at = Optional.ofNullable(instant("asOf", asOf)).orElseGet(clock::instant);
            List<Recorded> events = eventStore.readEvents(conversationId, 0).asStream()
                    .filter(event -> event.getPayload() instanceof ConversationEvent)
                    .map(event -> new Recorded((ConversationEvent) event.getPayload(), event.getSequenceNumber(),
                            null, event.getTimestamp()))
                    .toList();
            if (events.isEmpty()) {
                throw ClientError.notFound("No conversation with id " + conversationId);
            }
            List<Recorded> then = events.stream().filter(event -> !event.recordedAt().isAfter(at)).toList();
            if (then.isEmpty()) {
                throw ClientError.notFound("Conversation " + conversationId + " had no events yet at " + at
                        + "; its first was recorded at " + events.get(0).recordedAt());
            }
            List<MessageAsOf> messages = MessageStateFold.fold(then).stream()
                    .map(message -> new MessageAsOf(message, WaitingOn.of(message, at)))
                    .toList();
            return new ConversationAsOf(conversationId, at, then.size(), messages);
        });
    }

    /**
     * Every event in global order as NDJSON, streamed a page at a time. {@code from} (inclusive) and {@code to}
     * (exclusive) bound the events' recording time; {@code after} resumes after a line already received (its
     * {@code resume}), with the events committed late under a lower position first. The export ends at the newest
     * event when it began.
     */
    @GetMapping(path = "/events", produces = MediaType.APPLICATION_NDJSON_VALUE)
    Flux<ExportedEvent> events(@RequestParam Optional<String> from,
                               @RequestParam Optional<String> to,
                               @RequestParam Optional<String> after) {
        return blocking.call(() -> new Range(instant("from", from), instant("to", to), resumedAfter(after),
                        export.head(), clock.instant()))
                .flatMapMany(range -> pages(range)
                        .filter(event -> range.contains(event.timestamp())));
    }

    private record Range(Instant from, Instant to, GapAwareTrackingToken after, long head, Instant now) {
        Range {
            if (from != null && to != null && !from.isBefore(to)) {
                throw ClientError.invalid("to", "after-from", "to must be later than from");
            }
        }

        boolean contains(Instant timestamp) {
            return (from == null || !timestamp.isBefore(from)) && (to == null || timestamp.isBefore(to));
        }
    }

    private static GapAwareTrackingToken resumedAfter(Optional<String> after) {
        if (after.isEmpty() || after.get().isBlank()) {
            return GapAwareTrackingToken.newInstance(0, List.of());
        }
        GapAwareTrackingToken position;
        try {
            position = EventPosition.parse(after.get());
        } catch (IllegalArgumentException e) {
            throw ClientError.invalid("after", "resume", "after is the resume of an exported line, such as 1042 "
                    + "or 1042:1039,1040: " + e.getMessage());
        }
        if (position.getGaps().size() > EventPosition.MAX_GAP_OFFSET) {
            throw ClientError.invalid("after", "resume", "after carries at most " + EventPosition.MAX_GAP_OFFSET
                    + " gaps");
        }
        return position;
    }

    private Flux<ExportedEvent> pages(Range range) {
        return page(range.after(), range)
                .expand(page -> page.events().size() < EventExport.PAGE
                        ? Mono.empty()
                        : page(page.next(), range))
                .concatMapIterable(EventExport.Page::events);
    }

    private Mono<EventExport.Page> page(GapAwareTrackingToken after, Range range) {
        return blocking.call(() -> export.page(after, range.head(), range.now()));
    }
}
