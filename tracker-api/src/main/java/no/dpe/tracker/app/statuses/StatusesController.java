package no.dpe.tracker.app.statuses;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import no.dpe.tracker.app.Blocking;
import no.dpe.tracker.app.conversations.QueryParameters;
import no.dpe.tracker.app.problem.ClientError;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.projections.Page;
import no.dpe.tracker.projections.feed.FeedQuery;
import no.dpe.tracker.projections.feed.StatusFeed;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * next-move's {@code /api/statuses} for the fagsystem: the status feed in global event order (oldest first),
 * filtered and paged as the real integration point filters it: {@code fromDateTime} and {@code toDateTime} apply
 * together (both inclusive) or not at all; LEST and ANNET are statuses DPE never has, so they find nothing. A client
 * that polls statuses as a queue peeks the oldest it has not taken and deletes it once handled.
 */
@RestController
@RequestMapping("/api/statuses")
class StatusesController {

    /** eFormidling statuses DPE does not use: accepted as filters, matching nothing. */
    private static final Set<String> NOT_DPE = Set.of("LEST", "ANNET");

    private final StatusFeed feed;
    private final StatusQueue queue;
    private final Clock clock;
    private final Blocking blocking;

    StatusesController(StatusFeed feed, StatusQueue queue, Clock clock, Blocking blocking) {
        this.feed = feed;
        this.queue = queue;
        this.clock = clock;
        this.blocking = blocking;
    }

    @GetMapping
    Mono<Page<StatusView>> list(@RequestParam Optional<String> id,
                                @RequestParam Optional<String> messageId,
                                @RequestParam Optional<String> conversationId,
                                @RequestParam Optional<String> status,
                                @RequestParam Optional<String> fromDateTime,
                                @RequestParam Optional<String> toDateTime,
                                @RequestParam Optional<String> page,
                                @RequestParam Optional<String> size) {
        int pageNumber = QueryParameters.page(page);
        int pageSize = QueryParameters.size(size);
        if (status.filter(NOT_DPE::contains).isPresent()) {
            return Mono.just(Page.none(pageSize, pageNumber));
        }
        Long statusId = id.filter(text -> !text.isBlank()).map(text -> QueryParameters.position("id", id)).orElse(null);
        Instant from = QueryParameters.instant("fromDateTime", fromDateTime);
        Instant to = QueryParameters.instant("toDateTime", toDateTime);
        boolean window = from != null && to != null;
        FeedQuery query = new FeedQuery(statusId, text(messageId), text(conversationId),
                QueryParameters.oneOf("status", status, MessageStatus.class), window ? from : null, window ? to : null);
        return blocking.call(() -> feed.list(query, pageNumber, pageSize).map(StatusView::of));
    }

    /** The oldest status not taken off the queue yet; it stays there until deleted. 204 when there is none. */
    @GetMapping("/peek")
    Mono<ResponseEntity<StatusView>> peek() {
        return blocking.call(() -> feed.oldestNotTaken()
                .map(entry -> ResponseEntity.ok(StatusView.of(entry)))
                .orElseGet(() -> ResponseEntity.noContent().build()));
    }

    /** Takes the status off the queue; 404 for an id the queue does not hold (unknown, or taken already). */
    @DeleteMapping("/{id}")
    Mono<ResponseEntity<Void>> take(@PathVariable String id) {
        long statusId = QueryParameters.position("id", Optional.of(id));
        return blocking.call(() -> {
            if (!queue.take(statusId, clock.instant())) {
                throw ClientError.notFound("No status with id " + statusId + " on the status queue");
            }
            return ResponseEntity.ok().<Void>build();
        });
    }

    /** The statuses of one message (both directions, should a reply reuse its id); empty for an unknown id. */
    @GetMapping("/{messageId}")
    Mono<Page<StatusView>> ofMessage(@PathVariable String messageId,
                                     @RequestParam Optional<String> page,
                                     @RequestParam Optional<String> size) {
        return blocking.call(() -> feed.list(FeedQuery.ofMessage(messageId),
                        QueryParameters.page(page), QueryParameters.size(size)).map(StatusView::of));
    }

    private static String text(Optional<String> value) {
        return value.filter(text -> !text.isBlank()).orElse(null);
    }
}
