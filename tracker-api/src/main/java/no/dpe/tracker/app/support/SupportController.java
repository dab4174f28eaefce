package no.dpe.tracker.app.support;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import no.dpe.tracker.app.Blocking;
import no.dpe.tracker.app.conversations.QueryParameters;
import no.dpe.tracker.projections.Page;
import no.dpe.tracker.projections.state.ConversationSearch;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;


/**
 * Support's search: conversations by any id, either party, process, status, direction and time, or the stuck
 * ones ({@code stuckFor=PT2H}: a message not finished and unchanged for longer than that). Every hit says, per
 * message, who must act next, worked out at the moment of the request.
 */
@RestController
@RequestMapping("/api/support/conversations")
class SupportController {

    private final ConversationLookups lookups;
    private final Clock clock;
    private final Blocking blocking;

    SupportController(ConversationLookups lookups, Clock clock, Blocking blocking) {
        this.lookups = lookups;
        this.clock = clock;
        this.blocking = blocking;
    }

    /**
     * @param id           a conversationId or a messageId
     * @param organisation an organisation number on either side
     * @param from         inclusive: the message changed at or after this
     * @param to           exclusive: the message existed before this
     */
    @GetMapping
    Mono<Page<SupportHit>> search(@RequestParam Optional<String> id,
                                  @RequestParam Optional<String> organisation,
                                  @RequestParam Optional<String> process,
                                  @RequestParam Optional<String> status,
                                  @RequestParam Optional<String> direction,
                                  @RequestParam Optional<String> from,
                                  @RequestParam Optional<String> to,
                                  @RequestParam Optional<String> stuckFor,
                                  @RequestParam Optional<String> page,
                                  @RequestParam Optional<String> size) {
        return blocking.call(() -> {
            Instant now = clock.instant();
            ConversationSearch search = QueryParameters.conversationSearch(id, organisation, process, status,
                    direction, from, to, stuckFor, now);
            return lookups.search(search, QueryParameters.page(page), QueryParameters.size(size))
                    .map(found -> SupportHit.of(found.summary(), found.messages(), now));
        });
    }

    /** One conversation ({@link ConversationLookups#conversation}). */
    @GetMapping("/{conversationId}")
    Mono<SupportHit> get(@PathVariable String conversationId) {
        return blocking.call(() -> {
            ConversationLookups.Found found = lookups.conversation(conversationId);
            return SupportHit.of(found.summary(), found.messages(), clock.instant());
        });
    }
}
