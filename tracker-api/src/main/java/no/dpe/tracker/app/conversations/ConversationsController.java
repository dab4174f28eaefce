package no.dpe.tracker.app.conversations;

import java.util.Optional;

import no.dpe.tracker.app.Blocking;
import no.dpe.tracker.app.problem.ClientError;
import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.projections.Page;
import no.dpe.tracker.projections.state.MessageQuery;
import no.dpe.tracker.projections.state.MessageStates;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import static no.dpe.tracker.app.conversations.QueryParameters.bool;
import static no.dpe.tracker.app.conversations.QueryParameters.instant;
import static no.dpe.tracker.app.conversations.QueryParameters.oneOf;
import static no.dpe.tracker.app.conversations.QueryParameters.organisation;
import static no.dpe.tracker.app.conversations.QueryParameters.process;

/**
 * next-move's {@code /api/conversations} for the fagsystem, read from the message-state projection. The
 * projection follows the event store, so a message appears here a moment after it was recorded.
 */
@RestController
@RequestMapping("/api/conversations")
class ConversationsController {

    private final MessageStates messages;

    ConversationsController(MessageStates messages) {
        this.messages = messages;
    }

    /** Newest first. */
    @GetMapping
    Mono<Page<ConversationView>> list(@RequestParam Optional<String> messageId,
                                      @RequestParam Optional<String> conversationId,
                                      @RequestParam Optional<String> senderIdentifier,
                                      @RequestParam Optional<String> receiverIdentifier,
                                      @RequestParam Optional<String> serviceIdentifier,
                                      @RequestParam Optional<String> processIdentifier,
                                      @RequestParam Optional<String> finished,
                                      @RequestParam Optional<String> direction,
                                      @RequestParam Optional<String> lastUpdateFrom,
                                      @RequestParam Optional<String> lastUpdateTo,
                                      @RequestParam Optional<String> page,
                                      @RequestParam Optional<String> size) {
        return Blocking.call(() -> {
            MessageQuery query = new MessageQuery(messageId.orElse(null), conversationId.orElse(null),
                    organisation("senderIdentifier", senderIdentifier),
                    organisation("receiverIdentifier", receiverIdentifier),
                    process("processIdentifier", processIdentifier.or(() -> serviceIdentifier)),
                    bool("finished", finished), oneOf("direction", direction, Direction.class),
                    instant("lastUpdateFrom", lastUpdateFrom), instant("lastUpdateTo", lastUpdateTo));
            return messages.list(query, QueryParameters.page(page), QueryParameters.size(size))
                    .map(ConversationView::of);
        });
    }

    /** By next-move's numeric id (see {@link ConversationView#id()}). */
    @GetMapping("/{id}")
    Mono<ConversationView> get(@PathVariable String id) {
        return Blocking.call(() -> {
            long numeric;
            try {
                numeric = Long.parseLong(id);
            } catch (NumberFormatException e) {
                throw ClientError.invalid("id", "integer", "id is the numeric id of a conversation; to find one by "
                        + "its conversationId use /api/conversations?conversationId=" + id);
            }
            return messages.find(numeric).map(ConversationView::of)
                    .orElseThrow(() -> ClientError.notFound("No conversation with id " + id));
        });
    }

    /** A messageId used both ways (a reply reusing it) gives the one that appeared first. */
    @GetMapping("/messageId/{messageId}")
    Mono<ConversationView> byMessageId(@PathVariable String messageId) {
        return Blocking.call(() -> messages.withMessageId(messageId).stream().findFirst().map(ConversationView::of)
                .orElseThrow(() -> ClientError.notFound("No conversation with messageId " + messageId)));
    }

}
