package no.dpe.tracker.app.support;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import no.dpe.tracker.app.Blocking;
import no.dpe.tracker.app.conversations.QueryParameters;
import no.dpe.tracker.app.problem.ClientError;
import no.dpe.tracker.projections.Page;
import no.dpe.tracker.projections.state.ConversationSearch;
import no.dpe.tracker.projections.state.ConversationSummaries;
import no.dpe.tracker.projections.state.ConversationSummary;
import no.dpe.tracker.projections.state.MessageState;
import no.dpe.tracker.projections.state.MessageStates;
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

    private final ConversationSummaries conversations;
    private final MessageStates messages;
    private final Clock clock;
    private final Blocking blocking;

    SupportController(ConversationSummaries conversations, MessageStates messages, Clock clock, Blocking blocking) {
        this.conversations = conversations;
        this.messages = messages;
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
            Page<ConversationSummary> found = conversations.search(search, QueryParameters.page(page),
                    QueryParameters.size(size));
            Map<String, List<MessageState>> theirMessages = messages.ofConversations(
                    found.content().stream().map(ConversationSummary::conversationId).toList());
            return found.map(summary -> SupportHit.of(summary,
                    theirMessages.getOrDefault(summary.conversationId(), List.of()), now));
        });
    }

    /**
     * One conversation. Its summary is worked out from the messages read for the answer, as the projection works it
     * out when it stores it: one query fewer, and the summary cannot disagree with the messages beside it.
     */
    @GetMapping("/{conversationId}")
    Mono<SupportHit> get(@PathVariable String conversationId) {
        return blocking.call(() -> {
            List<MessageState> its = messages.ofConversation(conversationId);
            if (its.isEmpty()) {
                throw ClientError.notFound("No conversation with id " + conversationId);
            }
            return SupportHit.of(ConversationSummary.of(conversationId, its), its, clock.instant());
        });
    }
}
