package no.dpe.tracker.app.webhook;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;

import no.dpe.tracker.app.events.MessageEvent;
import no.dpe.tracker.app.events.MessageEventFilter;
import no.dpe.tracker.app.events.MessageEvents;
import no.dpe.tracker.core.api.ConversationEvent;
import no.dpe.tracker.projections.EventBatch;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Enqueues a delivery for each subscription that wants an event. It runs in the pooled streaming processor
 * {@value #PROCESSING_GROUP}, whose token commits in the same transaction as the rows written here, so an
 * event is enqueued exactly once however often the processor restarts; the {@link WebhookDeliverer} then
 * delivers it at least once.
 */
@ProcessingGroup(WebhookOutbox.PROCESSING_GROUP)
class WebhookOutbox {

    static final String PROCESSING_GROUP = "webhooks";

    private final Subscriptions subscriptions;
    private final MessageEvents events;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    WebhookOutbox(Subscriptions subscriptions, MessageEvents events, JdbcTemplate jdbc, Clock clock) {
        this.subscriptions = subscriptions;
        this.events = events;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * The subscriptions, read and their filters parsed once per batch of events rather than once per event: a
     * subscription created meanwhile is seen from the next batch on, and an event stored before a
     * subscription was created is never its business anyway.
     */
    @EventHandler
    void on(ConversationEvent event, EventMessage<?> message, UnitOfWork<?> unitOfWork) {
        List<Subscriber> all = EventBatch.of(unitOfWork, PROCESSING_GROUP, batch -> subscribers(), batch -> { });
        if (all.isEmpty()) {
            return;
        }
        events.of(message).ifPresent(messageEvent -> all.stream()
                .filter(subscriber -> subscriber.subscription()
                        .wants(messageEvent, message.getTimestamp(), subscriber.filter()))
                .forEach(subscriber -> enqueue(subscriber.subscription(), messageEvent)));
    }

    private List<Subscriber> subscribers() {
        return subscriptions.all().stream()
                .map(subscription -> new Subscriber(subscription, MessageEventFilter.parse(subscription.filter())))
                .toList();
    }

    private record Subscriber(Subscription subscription, MessageEventFilter filter) {
    }

    private void enqueue(Subscription subscription, MessageEvent event) {
        Integer known = jdbc.queryForObject("SELECT COUNT(*) FROM webhook_delivery "
                + "WHERE subscription_id = ? AND event_position = ?", Integer.class, subscription.id(), event.position());
        if (known != null && known > 0) {
            return; // a replay (a reset token) meets rows it wrote before
        }
        jdbc.update("INSERT INTO webhook_delivery (subscription_id, event_position, payload, state, attempts, "
                        + "next_attempt_at) VALUES (?, ?, ?, ?, 0, ?)",
                subscription.id(), event.position(), MessageEvents.json(event), WebhookDeliveries.PENDING,
                clock.instant().atOffset(ZoneOffset.UTC));
    }
}
