package no.dpe.tracker.app.conversations;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

import no.dpe.tracker.app.Blocking;
import no.dpe.tracker.app.problem.ClientError;
import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.sbd.DpeProcess;
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
    private final Blocking blocking;

    ConversationsController(MessageStates messages, Blocking blocking) {
        this.messages = messages;
        this.blocking = blocking;
    }

    /** The real integration point reads a date filter as a day where it runs: Norway. */
    static final ZoneId NEXT_MOVE_ZONE = ZoneId.of("Europe/Oslo");

    /**
     * Newest first, filtered by the real integration point's parameters. {@code lastUpdateFrom} and
     * {@code lastUpdateTo} are days ({@code yyyy-MM-dd}, both inclusive, as it reads them) or instants; the ISO 6523
     * {@code sender} and {@code receiver} filter as their organisation numbers do. Another service identifier than
     * DPE, or a messageTitle (DPE messages have none), finds nothing.
     */
    @GetMapping
    Mono<Page<ConversationView>> list(@RequestParam Optional<String> messageId,
                                      @RequestParam Optional<String> conversationId,
                                      @RequestParam Optional<String> sender,
                                      @RequestParam Optional<String> senderIdentifier,
                                      @RequestParam Optional<String> receiver,
                                      @RequestParam Optional<String> receiverIdentifier,
                                      @RequestParam Optional<String> serviceIdentifier,
                                      @RequestParam Optional<String> processIdentifier,
                                      @RequestParam Optional<String> messageReference,
                                      @RequestParam Optional<String> messageTitle,
                                      @RequestParam Optional<String> finished,
                                      @RequestParam Optional<String> direction,
                                      @RequestParam Optional<String> lastUpdateFrom,
                                      @RequestParam Optional<String> lastUpdateTo,
                                      @RequestParam Optional<String> page,
                                      @RequestParam Optional<String> size) {
        int pageNumber = QueryParameters.page(page);
        int pageSize = QueryParameters.size(size);
        boolean otherService = serviceIdentifier.filter(text -> !text.isBlank() && !text.equals("DPE")).isPresent();
        boolean otherProcess = processIdentifier.filter(text -> !text.isBlank() && !text.equals("DPE")
                && DpeProcess.fromIdentifier(text).isEmpty()).isPresent();
        if (otherService || otherProcess || messageTitle.filter(text -> !text.isBlank()).isPresent()) {
            return Mono.just(Page.none(pageSize, pageNumber));
        }
        Optional<String> byReference = messageReference.filter(text -> !text.isBlank());
        if (byReference.isPresent() && conversationId.filter(text -> !text.isBlank()).isPresent()
                && !byReference.equals(conversationId)) {
            return Mono.just(Page.none(pageSize, pageNumber));
        }
        MessageQuery query = new MessageQuery(messageId.orElse(null), conversationId.or(() -> byReference).orElse(null),
                organisation("senderIdentifier", senderIdentifier.or(() -> sender)),
                organisation("receiverIdentifier", receiverIdentifier.or(() -> receiver)),
                process("processIdentifier", processIdentifier),
                bool("finished", finished), oneOf("direction", direction, Direction.class),
                day("lastUpdateFrom", lastUpdateFrom, false), day("lastUpdateTo", lastUpdateTo, true));
        return blocking.call(() -> messages.list(query, pageNumber, pageSize).map(ConversationView::of));
    }

    /**
     * A {@code yyyy-MM-dd} day as the real integration point reads it (its start, or for the upper bound the start of
     * the next day, so the whole day is in), or else an instant.
     */
    private static Instant day(String field, Optional<String> value, boolean upper) {
        Optional<String> text = value.filter(v -> !v.isBlank());
        if (text.isPresent() && DAY.matcher(text.get()).matches()) {
            try {
                LocalDate day = LocalDate.parse(text.get());
                return (upper ? day.plusDays(1) : day).atStartOfDay(NEXT_MOVE_ZONE).toInstant();
            } catch (DateTimeParseException e) {
                throw ClientError.invalid(field, "date", field + " must be a day (yyyy-MM-dd) or an ISO-8601 instant;"
                        + " was '" + text.get() + "'");
            }
        }
        return instant(field, value);
    }

    private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    /** By next-move's numeric id (see {@link ConversationView#id()}). */
    @GetMapping("/{id}")
    Mono<ConversationView> get(@PathVariable String id) {
        return blocking.call(() -> {
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
        return blocking.call(() -> messages.withMessageId(messageId).stream().findFirst().map(ConversationView::of)
                .orElseThrow(() -> ClientError.notFound("No conversation with messageId " + messageId)));
    }

}
