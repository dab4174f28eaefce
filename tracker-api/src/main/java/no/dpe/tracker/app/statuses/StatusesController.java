package no.dpe.tracker.app.statuses;

import java.util.Optional;

import no.dpe.tracker.app.Blocking;
import no.dpe.tracker.app.conversations.QueryParameters;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.projections.Page;
import no.dpe.tracker.projections.feed.FeedQuery;
import no.dpe.tracker.projections.feed.StatusFeed;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import static no.dpe.tracker.app.conversations.QueryParameters.instant;
import static no.dpe.tracker.app.conversations.QueryParameters.oneOf;

/**
 * next-move's {@code /api/statuses} for the fagsystem: the status feed in global event order (oldest first),
 * filtered and paged. {@code fromDateTime} is inclusive, {@code toDateTime} exclusive, both on lastUpdate.
 */
@RestController
@RequestMapping("/api/statuses")
class StatusesController {

    private final StatusFeed feed;

    StatusesController(StatusFeed feed) {
        this.feed = feed;
    }

    @GetMapping
    Mono<Page<StatusView>> list(@RequestParam Optional<String> messageId,
                                @RequestParam Optional<String> conversationId,
                                @RequestParam Optional<String> status,
                                @RequestParam Optional<String> fromDateTime,
                                @RequestParam Optional<String> toDateTime,
                                @RequestParam Optional<String> page,
                                @RequestParam Optional<String> size) {
        return Blocking.call(() -> feed.list(new FeedQuery(messageId.orElse(null), conversationId.orElse(null),
                                oneOf("status", status, MessageStatus.class), instant("fromDateTime", fromDateTime),
                                instant("toDateTime", toDateTime)),
                        QueryParameters.page(page), QueryParameters.size(size)).map(StatusView::of));
    }

    /** The statuses of one message (both directions, should a reply reuse its id); empty for an unknown id. */
    @GetMapping("/{messageId}")
    Mono<Page<StatusView>> ofMessage(@PathVariable String messageId,
                                     @RequestParam Optional<String> page,
                                     @RequestParam Optional<String> size) {
        return Blocking.call(() -> feed.list(new FeedQuery(messageId, null, null, null, null),
                        QueryParameters.page(page), QueryParameters.size(size)).map(StatusView::of));
    }
}
