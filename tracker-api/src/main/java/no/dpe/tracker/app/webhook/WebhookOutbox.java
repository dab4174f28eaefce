package no.dpe.tracker.app.webhook;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import no.dpe.tracker.app.events.MessageEvent;
import no.dpe.tracker.app.events.MessageEventFilter;
import no.dpe.tracker.app.events.MessageEvents;
import no.dpe.tracker.core.api.ConversationEvent;
import no.dpe.tracker.projections.EventBatch;
import no.dpe.tracker.projections.ParkedConversationException;
import no.dpe.tracker.projections.ParkedConversations;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Enqueues a delivery for each subscription that wants an event. It runs in the pooled streaming processor
 * {@value #PROCESSING_GROUP}, whose token commits in the same transaction as the rows written here, so an
 * event is enqueued exactly once however often the processor restarts; the {@link WebhookDeliverer} then
 * delivers it at least once. Like the read models it works a batch at a time ({@link EventBatch}): the
 * subscriptions are read once per batch, the deliveries written once per batch.
 */
@ProcessingGroup(WebhookOutbox.PROCESSING_GROUP)
public class WebhookOutbox {

    public static final String PROCESSING_GROUP = "webhooks";

    private final Subscriptions subscriptions;
    private final MessageEvents events;
    private final JdbcTemplate jdbc;
    private final ParkedConversations parked;
    private final Clock clock;

    WebhookOutbox(Subscriptions subscriptions, MessageEvents events, JdbcTemplate jdbc, ParkedConversations parked,
                  Clock clock) {
        this.subscriptions = subscriptions;
        this.events = events;
        this.jdbc = jdbc;
        this.parked = parked;
        this.clock = clock;
    }

    /**
     * A subscription created while a batch is handled is seen from the next batch on; an event stored before a
     * subscription was created is never its business anyway.
     */
    @EventHandler
    void on(ConversationEvent event, EventMessage<?> message, UnitOfWork<?> unitOfWork) {
        Batch batch = EventBatch.of(unitOfWork, PROCESSING_GROUP, all -> open(all, unitOfWork), jdbc, parked);
        if (batch.parked.contains(event.conversationId())) {
            throw new ParkedConversationException(event.conversationId());
        }
        if (batch.subscribers.isEmpty()) {
            return;
        }
        events.of(message).ifPresent(messageEvent -> batch.subscribers.stream()
                .filter(subscriber -> subscriber.subscription()
                        .wants(messageEvent, message.getTimestamp(), subscriber.filter()))
                .forEach(subscriber -> batch.deliveries.add(new Delivery(event.conversationId(),
                        subscriber.subscription().id(), messageEvent))));
    }

    private Batch open(List<EventMessage<?>> all, UnitOfWork<?> unitOfWork) {
        Set<String> conversationIds = new LinkedHashSet<>();
        for (EventMessage<?> message : all) {
            if (message.getPayload() instanceof ConversationEvent event) {
                conversationIds.add(event.conversationId());
            }
        }
        List<Subscriber> subscribers = subscriptions.all().stream()
                .map(subscription -> new Subscriber(subscription, MessageEventFilter.parse(subscription.filter())))
                .toList();
        return new Batch(subscribers, EventBatch.isDeadLetterRetry(unitOfWork)
                ? Set.of() : parked.among(PROCESSING_GROUP, conversationIds));
    }

    private record Subscriber(Subscription subscription, MessageEventFilter filter) {
    }

    private record Delivery(String conversationId, long subscriptionId, MessageEvent event) {
    }

    private final class Batch implements EventBatch.ConversationWork {
        private final List<Subscriber> subscribers;
        private final Set<String> parked;
        private final List<Delivery> deliveries = new ArrayList<>();

        Batch(List<Subscriber> subscribers, Set<String> parked) {
            this.subscribers = subscribers;
            this.parked = parked;
        }

        /**
         * One row per delivery, unless the row is there already (a replay from a reset token meets the rows it
         * wrote before) or the subscription was deleted meanwhile (its deliveries go with it).
         */
        @Override
        public void write(Predicate<String> which) {
            List<Object[]> rows = new ArrayList<>();
            for (Delivery delivery : deliveries) {
                if (which.test(delivery.conversationId())) {
                    long position = delivery.event().position();
                    rows.add(new Object[] {delivery.subscriptionId(), position, MessageEvents.json(delivery.event()),
                            WebhookDeliveries.PENDING, clock.instant().atOffset(ZoneOffset.UTC),
                            delivery.subscriptionId(), delivery.subscriptionId(), position});
                }
            }
            jdbc.batchUpdate("INSERT INTO webhook_delivery (subscription_id, event_position, payload, state, attempts, "
                    + "next_attempt_at) SELECT ?, ?, ?, ?, 0, ? FROM webhook_subscription WHERE id = ? "
                    + "AND NOT EXISTS (SELECT 1 FROM webhook_delivery WHERE subscription_id = ? AND event_position = ?)",
                    rows);
        }
    }
}
