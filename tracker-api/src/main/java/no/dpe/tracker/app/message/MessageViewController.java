package no.dpe.tracker.app.message;

import java.util.Optional;

import no.dpe.tracker.app.Blocking;
import no.dpe.tracker.app.conversations.QueryParameters;
import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.projections.Page;
import no.dpe.tracker.projections.message.MessageFilter;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The tracker's own view of outgoing messages, beside next-move's SBDs: current status, whether it is sent, its
 * files and its SBD. {@code /api/tracker/messages/out}.
 */
@RestController
@RequestMapping("/api/tracker/messages/out")
class MessageViewController {

    private final OutgoingMessages messages;
    private final Blocking blocking;

    MessageViewController(OutgoingMessages messages, Blocking blocking) {
        this.messages = messages;
        this.blocking = blocking;
    }

    @GetMapping
    Mono<Page<MessageView>> list(@RequestParam Optional<String> conversationId,
                                 @RequestParam Optional<String> messageId,
                                 @RequestParam Optional<String> process,
                                 @RequestParam Optional<String> status,
                                 @RequestParam Optional<String> receiverIdentifier,
                                 @RequestParam Optional<String> page,
                                 @RequestParam Optional<String> size) {
        int pageNumber = QueryParameters.page(page);
        int pageSize = QueryParameters.size(size);
        Optional<MessageFilter> filter = QueryParameters.messages(Direction.OUTGOING, conversationId, messageId,
                process, Optional.empty(), Optional.empty(), receiverIdentifier, status);
        if (filter.isEmpty()) {
            return Mono.just(Page.none(pageSize, pageNumber));
        }
        return blocking.call(() -> messages.list(filter.get(), pageNumber, pageSize)
                .map(row -> MessageView.of(row, messages.files(row.messageId()))));
    }

    @GetMapping("/{messageId}")
    Mono<MessageView> get(@PathVariable String messageId) {
        return blocking.call(() -> MessageView.of(messages.existing(messageId), messages.files(messageId)));
    }
}
