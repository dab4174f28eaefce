package no.dpe.tracker.app.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import no.dpe.tracker.core.api.ConversationEvent;
import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.KvitteringRecordedEvent;
import no.dpe.tracker.core.api.MessageCreatedEvent;
import no.dpe.tracker.core.api.MessageReceivedEvent;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.api.MessageStatusRecordedEvent;
import no.dpe.tracker.core.api.StatusNotSentBackEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What each change of a message's state tells an operator: one line in the log, at INFO, with the conversationId and
 * messageId in the MDC, and the metrics that count and time the changes. It runs in a streaming processor of its
 * own that starts at the head of the event store and is never replayed, so each change is logged and counted once
 * across the nodes, as it happens.
 *
 * <ul>
 *   <li>{@code dpe.status.changes} by direction, status and source;</li>
 *   <li>{@code dpe.delivery.time}: from SENDT to MOTTATT, to LEVERT, and to the kvittering, by stage, counterpart and
 *   process, as histograms; measured between the times the tracker recorded the two events, so a counterpart's
 *   clock does not enter it;</li>
 *   <li>{@code dpe.deadline.expiries} by direction;</li>
 *   <li>{@code dpe.statuses.not.sent.back} by status.</li>
 * </ul>
 */
@ProcessingGroup(StateChanges.PROCESSING_GROUP)
@DisallowReplay
public class StateChanges {

    public static final String PROCESSING_GROUP = "state-changes";
    private static final Logger log = LoggerFactory.getLogger(StateChanges.class);

    /** Messages whose answers are still to come, as many as a busy hour sends; beyond that the oldest go first. */
    static final int REMEMBERED_SENDS = 10_000;

    private final EventStore eventStore;
    private final MeterRegistry registry;
    /**
     * What timing a message's answers needs (its receiver, its process, when SENDT was recorded), noted as this
     * processor passes its creation and its SENDT, so that each MOTTATT, LEVERT and kvittering need not read the
     * conversation back from the event store and deserialize it: that read was a tenth of the tracker's CPU under
     * the bench's tracking load. A message it has not seen (created before a restart, or forgotten) is read back.
     * Segments split by conversation, so a message's events come to one thread in order; the map is shared by all.
     */
    private final Map<String, Sending> sending = Collections.synchronizedMap(
            new LinkedHashMap<>(1024, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Sending> eldest) {
                    return size() > REMEMBERED_SENDS;
                }
            });

    public StateChanges(EventStore eventStore, MeterRegistry registry) {
        this.eventStore = eventStore;
        this.registry = registry;
        // registered before the first of them, so an alert on their increase sees 0 rather than nothing
        for (Direction direction : Direction.values()) {
            expiries(direction);
        }
        notSentBack(MessageStatus.MOTTATT);
        notSentBack(MessageStatus.LEVERT);
    }

    private Counter expiries(Direction direction) {
        return Counter.builder("dpe.deadline.expiries").description("Messages whose deadline passed undelivered")
                .tag("direction", direction.name()).register(registry);
    }

    private Counter notSentBack(MessageStatus status) {
        return Counter.builder("dpe.statuses.not.sent.back")
                .description("Statuses for a message we received that could not be sent back to its sender")
                .tag("status", status.name()).register(registry);
    }

    @EventHandler
    void on(MessageCreatedEvent event) {
        if (event.direction() == Direction.OUTGOING) {
            sending.put(event.messageId(), new Sending(event.details().receiver(), event.details().process().name(),
                    null));
        }
        count(event.direction(), event.status(), event.source().name());
        line(event, "created for " + event.details().receiver() + " (" + event.details().process().name() + ")");
    }

    @EventHandler
    void on(MessageReceivedEvent event) {
        count(event.direction(), event.status(), event.source().name());
        line(event, "received from " + event.details().sender() + " (" + event.details().process().name() + ")"
                + (event.receivedPackage() == null ? "" : ", signed by " + event.receivedPackage().signer()
                .organisationNumber()));
    }

    @EventHandler
    void on(MessageStatusRecordedEvent event, @Timestamp Instant recordedAt) {
        count(event.direction(), event.status(), event.source().name());
        line(event, event.status() + (event.late() ? " (late: the message is already " + event.currentStatus() + ")"
                : "") + " from " + event.source().name().toLowerCase()
                + (event.description() == null ? "" : ": " + event.description()));
        if (event.status() == MessageStatus.LEVETID_UTLOPT) {
            expiries(event.direction()).increment();
        }
        if (event.direction() == Direction.OUTGOING && event.status() == MessageStatus.SENDT) {
            sending.computeIfPresent(event.messageId(), (messageId, known) -> known.sendt() != null ? known
                    : new Sending(known.counterpart(), known.process(), recordedAt));
        }
        if (event.direction() == Direction.OUTGOING && !event.late()
                && (event.status() == MessageStatus.MOTTATT || event.status() == MessageStatus.LEVERT)) {
            timeSinceSendt(event.conversationId(), event.messageId(), event.status().name().toLowerCase(),
                    recordedAt);
        }
    }

    @EventHandler
    void on(KvitteringRecordedEvent event, @Timestamp Instant recordedAt) {
        line(event, "kvittering " + event.kvitteringMessageId() + ": "
                + (event.published() ? "published by eInnsyn" : "not published by eInnsyn")
                + (event.warnings().isEmpty() ? "" : " (" + event.warnings().size() + " warnings)"));
        timeSinceSendt(event.conversationId(), event.messageId(), "kvittering", recordedAt);
    }

    @EventHandler
    void on(StatusNotSentBackEvent event) {
        notSentBack(event.status()).increment();
        log.warn("conversation {} message {}: {} could not be sent back: {}", event.conversationId(),
                event.messageId(), event.status(), event.reason());
    }

    private void count(Direction direction, MessageStatus status, String source) {
        Counter.builder("dpe.status.changes").description("Status changes recorded, by what recorded them")
                .tag("direction", direction.name()).tag("status", status.name())
                .tag("source", source.toLowerCase()).register(registry).increment();
    }

    private static void line(ConversationEvent event, String what) {
        MDC.put("conversationId", event.conversationId());
        MDC.put("messageId", event.messageId());
        try {
            log.info("{} message {}: {}", event.direction(), event.messageId(), what);
        } finally {
            MDC.remove("conversationId");
            MDC.remove("messageId");
        }
    }

    /** From the moment SENDT was recorded for the message to {@code recordedAt}; nothing if it was never sent. */
    private void timeSinceSendt(String conversationId, String messageId, String stage, Instant recordedAt) {
        Sending known = sending.get(messageId);
        Sending sent = known != null && known.sendt() != null ? known : readBack(conversationId, messageId);
        if (sent == null || sent.sendt() == null || recordedAt.isBefore(sent.sendt())) {
            return;
        }
        Timer.builder("dpe.delivery.time")
                .description("From SENDT recorded to MOTTATT, LEVERT or the kvittering recorded, by counterpart")
                .tag("stage", stage)
                .tag("counterpart", sent.counterpart())
                .tag("process", sent.process())
                .publishPercentileHistogram()
                .register(registry)
                .record(Duration.between(sent.sendt(), recordedAt));
    }

    /** The message's creation and first SENDT, from the conversation's history; null if it was never created. */
    private Sending readBack(String conversationId, String messageId) {
        Instant sendt = null;
        MessageCreatedEvent created = null;
        List<? extends DomainEventMessage<?>> history = eventStore.readEvents(conversationId, 0).asStream().toList();
        for (DomainEventMessage<?> stored : history) {
            if (stored.getPayload() instanceof MessageCreatedEvent c && c.messageId().equals(messageId)) {
                created = c;
            } else if (sendt == null && stored.getPayload() instanceof MessageStatusRecordedEvent s
                    && s.messageId().equals(messageId) && s.status() == MessageStatus.SENDT) {
                sendt = stored.getTimestamp();
            }
        }
        return created == null ? null
                : new Sending(created.details().receiver(), created.details().process().name(), sendt);
    }

    /** An outgoing message on its way: whom it went to, in which process, and when SENDT was recorded (or null). */
    private record Sending(String counterpart, String process, Instant sendt) {
    }
}
