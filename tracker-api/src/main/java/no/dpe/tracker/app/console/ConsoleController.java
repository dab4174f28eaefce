package no.dpe.tracker.app.console;

import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import no.dpe.tracker.app.Blocking;
import no.dpe.tracker.app.conversations.QueryParameters;
import no.dpe.tracker.app.events.EventStream;
import no.dpe.tracker.app.events.EventSubscribers;
import no.dpe.tracker.app.problem.ClientError;
import no.dpe.tracker.app.support.ConversationLookups;
import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.sbd.DpeProcess;
import no.dpe.tracker.projections.Page;
import no.dpe.tracker.projections.state.ConversationSearch;
import no.dpe.tracker.projections.state.ConversationSummary;
import no.dpe.tracker.projections.state.MessageState;
import no.dpe.tracker.projections.state.MessageStates;
import no.dpe.tracker.projections.state.WaitingOn;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static no.dpe.tracker.app.conversations.QueryParameters.duration;

/**
 * The support console's reading pages: search, the stuck list and a conversation's timeline. Each reads through
 * the same services and checks as support's API ({@code /api/support/conversations}, {@code
 * /api/conversations/{id}/events}); bad input is the API's problem, shown in words.
 */
@Controller
@RequestMapping("/console")
class ConsoleController {

    /** The "stuck for longer than" choices, as the metrics' buckets. */
    static final List<String> STUCK_FOR = List.of("PT15M", "PT1H", "PT6H", "PT24H");
    private static final int STUCK_LIST_LIMIT = 500;
    private static final int PAGE_SIZE = 25;

    private final ConversationLookups lookups;
    private final MessageStates messages;
    private final EventStore eventStore;
    private final EventStream stream;
    private final EventSubscribers subscribers;
    private final Clock clock;
    private final Blocking blocking;

    ConsoleController(ConversationLookups lookups, MessageStates messages, EventStore eventStore,
                      EventStream stream, EventSubscribers subscribers, Clock clock, Blocking blocking) {
        this.lookups = lookups;
        this.messages = messages;
        this.eventStore = eventStore;
        this.stream = stream;
        this.subscribers = subscribers;
        this.clock = clock;
        this.blocking = blocking;
    }

    /** A conversation in a list: at a glance, and what its first unfinished message waits for. */
    public record Row(ConversationSummary conversation, WaitingOn waitingOn, MessageState waiting) {
    }

    /** A message in the stuck list, with what it waits for. */
    public record StuckMessage(MessageState message, WaitingOn waitingOn) {
    }

    @GetMapping({"", "/"})
    Mono<String> search(@RequestParam Optional<String> id, @RequestParam Optional<String> organisation,
                        @RequestParam Optional<String> process, @RequestParam Optional<String> status,
                        @RequestParam Optional<String> direction, @RequestParam Optional<String> from,
                        @RequestParam Optional<String> to, @RequestParam Optional<String> stuckFor,
                        @RequestParam Optional<String> page, Model model, ServerWebExchange exchange) {
        Map<String, String> form = new LinkedHashMap<>();
        id.ifPresent(value -> form.put("id", value.trim()));
        organisation.ifPresent(value -> form.put("organisation", value));
        process.ifPresent(value -> form.put("process", value));
        status.ifPresent(value -> form.put("status", value));
        direction.ifPresent(value -> form.put("direction", value));
        from.ifPresent(value -> form.put("from", value));
        to.ifPresent(value -> form.put("to", value));
        stuckFor.ifPresent(value -> form.put("stuckFor", value));
        form.values().removeIf(String::isBlank);
        model.addAttribute("form", form);
        choices(model);
        return blocking.call(() -> {
            Instant now = clock.instant();
            ConversationSearch search = QueryParameters.conversationSearch(field(form, "id"),
                    field(form, "organisation"), field(form, "process"), field(form, "status"),
                    field(form, "direction"), field(form, "from"), field(form, "to"), field(form, "stuckFor"), now);
            return lookups.search(search, QueryParameters.page(page), PAGE_SIZE)
                    .map(found -> row(found.summary(), found.messages(), now));
        }).onErrorResume(ClientError.class, refused -> {
            // the search form again, with the API's problem in words beside it
            exchange.getResponse().setStatusCode(refused.status());
            model.addAttribute("problem", refused.getMessage());
            return Mono.just(Page.none(PAGE_SIZE, 0));
        }).map(results -> {
            model.addAttribute("results", results);
            return "console/search";
        });
    }

    @GetMapping("/stuck")
    Mono<String> stuck(@RequestParam Optional<String> stuckFor, Model model) {
        String chosen = stuckFor.filter(value -> !value.isBlank()).orElse("PT1H");
        model.addAttribute("stuckFor", chosen);
        model.addAttribute("stuckForChoices", STUCK_FOR);
        model.addAttribute("limit", STUCK_LIST_LIMIT);
        return blocking.call(() -> {
            Instant now = clock.instant();
            Duration stuck = duration("stuckFor", Optional.of(chosen));
            return messages.stuck(now.minus(stuck), STUCK_LIST_LIMIT).stream()
                    .map(message -> new StuckMessage(message, WaitingOn.of(message, now)))
                    .toList();
        }).map(stuck -> {
            model.addAttribute("stuck", stuck);
            return "console/stuck";
        });
    }

    @GetMapping("/conversations/{conversationId}")
    Mono<String> conversation(@PathVariable String conversationId, Model model) {
        return blocking.call(() -> {
            Instant now = clock.instant();
            ConversationLookups.Found found = lookups.conversation(conversationId);
            List<StuckMessage> its = found.messages().stream()
                    .map(message -> new StuckMessage(message, WaitingOn.of(message, now)))
                    .toList();
            List<TimelineEntry> timeline = eventStore.readEvents(conversationId, 0).asStream()
                    .map(TimelineEntry::of)
                    .toList();
            model.addAttribute("conversation", found.summary());
            model.addAttribute("messages", its);
            model.addAttribute("timeline", timeline);
            return "console/conversation";
        });
    }

    /**
     * The console's live feed: every event from now on, as the fagsystem's stream has them (ids and statuses,
     * no content). A page reloads what it shows when an event concerns it.
     */
    @GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @ResponseBody
    Flux<ServerSentEvent<String>> events(Principal reader) {
        Runnable release = subscribers.admit("console:" + reader.getName());
        return stream.fromNow().doFinally(signal -> release.run());
    }

    private static Row row(ConversationSummary summary, List<MessageState> its, Instant now) {
        MessageState waiting = its.stream().filter(message -> !message.status().finishes()).findFirst()
                .orElse(its.isEmpty() ? null : its.get(its.size() - 1));
        return new Row(summary, waiting == null ? null : WaitingOn.of(waiting, now), waiting);
    }

    private static Optional<String> field(Map<String, String> form, String name) {
        return Optional.ofNullable(form.get(name));
    }

    static void choices(Model model) {
        model.addAttribute("processes", DpeProcess.values());
        model.addAttribute("statuses", MessageStatus.values());
        model.addAttribute("directions", Direction.values());
        model.addAttribute("stuckForChoices", STUCK_FOR);
    }
}
