package no.dpe.tracker.gateway.outbound;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import no.dpe.tracker.gateway.outbound.ServiceBusPublisher.Outgoing;
import no.dpe.tracker.gateway.outbound.ServiceBusPublisher.Refused;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * What the outbound processor's handlers decided for one batch of events, published just before the batch's
 * transaction commits (a queue's messages earlier once they hold {@link #HELD_BYTES}): they go to Service Bus as SDK
 * batches per queue, and only once all are out is what came of each recorded (SENDT, FEIL, an answer not sent back), in the same transaction as the processor's
 * token. A transient failure fails the whole batch, which is tried again and publishes its messages again under the
 * same MessageIds: duplicate detection drops the copies (ADR 0007).
 *
 * <p>The handlers record nothing themselves, not even a FEIL that needs no publishing: a command sent while the batch
 * is handled has its events stored when the batch's unit of work prepares its commit, and a command sent later, from
 * here, would add events to a list that was already stored. Recording everything from here keeps every event in one
 * list, stored after this.
 */
final class PublishingBatch {

    private static final String RESOURCE = PublishingBatch.class.getName();
    /**
     * Bytes held for one queue before they are published while the batch is still being handled: packages may be
     * megabytes each, and a batch's worth of them need not be held at once. What comes of them is still recorded at
     * the end.
     */
    static final int HELD_BYTES = 4 * 1024 * 1024;

    private final ServiceBusPublisher publisher;
    private final Map<String, List<Pending>> byQueue = new LinkedHashMap<>();
    private final Map<String, Integer> heldBytes = new LinkedHashMap<>();
    private final List<Runnable> outcomes = new ArrayList<>();

    private PublishingBatch(ServiceBusPublisher publisher) {
        this.publisher = publisher;
    }

    /** One message to publish, and what to record once it is on the bus or refused for good. */
    private record Pending(Outgoing message, Runnable sent, Consumer<PublishException> refused) {
    }

    /**
     * The batch of the unit of work the current event is handled in, published when it prepares its commit. Outside
     * a unit of work each call is its own batch, published at once.
     */
    static void publish(ServiceBusPublisher publisher, String queue, Outgoing message, Runnable sent,
                            Consumer<PublishException> refused) {
        current(publisher, batch -> batch.add(queue, new Pending(message, sent, refused)));
    }

    /** Records something that needs no publishing, with what the batch publishes. */
    static void record(ServiceBusPublisher publisher, Runnable record) {
        current(publisher, batch -> batch.outcomes.add(record));
    }

    private static void current(ServiceBusPublisher publisher, Consumer<PublishingBatch> add) {
        if (!CurrentUnitOfWork.isStarted()) {
            PublishingBatch alone = new PublishingBatch(publisher);
            add.accept(alone);
            alone.publishAndRecord();
            return;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        PublishingBatch batch = root.getOrComputeResource(RESOURCE, key -> {
            PublishingBatch created = new PublishingBatch(publisher);
            root.onPrepareCommit(unitOfWork -> created.publishAndRecord());
            return created;
        });
        add.accept(batch);
    }

    private void add(String queue, Pending pending) {
        byQueue.computeIfAbsent(queue, name -> new ArrayList<>()).add(pending);
        if (heldBytes.merge(queue, pending.message().body().length, Integer::sum) >= HELD_BYTES) {
            publish(queue);
        }
    }

    /**
     * Publishes every queue's messages before recording anything: a transient failure then leaves nothing recorded,
     * and the retried batch publishes again what went out before it.
     */
    private void publishAndRecord() {
        List.copyOf(byQueue.keySet()).forEach(this::publish);
        outcomes.forEach(Runnable::run);
    }

    private void publish(String queue) {
        List<Pending> pending = byQueue.remove(queue);
        heldBytes.remove(queue);
        Map<Outgoing, PublishException> refused = new IdentityHashMap<>();
        for (Refused each : publisher.publishAll(queue, pending.stream().map(Pending::message).toList())) {
            refused.put(each.message(), each.reason());
        }
        for (Pending each : pending) {
            PublishException reason = refused.get(each.message());
            outcomes.add(reason == null ? each.sent() : () -> each.refused().accept(reason));
        }
    }
}
