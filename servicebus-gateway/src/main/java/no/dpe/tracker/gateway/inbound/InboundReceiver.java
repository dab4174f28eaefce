package no.dpe.tracker.gateway.inbound;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.azure.messaging.servicebus.ServiceBusErrorContext;
import com.azure.messaging.servicebus.ServiceBusProcessorClient;
import com.azure.messaging.servicebus.ServiceBusReceivedMessageContext;
import com.azure.messaging.servicebus.models.DeadLetterOptions;
import com.azure.messaging.servicebus.models.ServiceBusReceiveMode;
import no.dpe.tracker.gateway.ServiceBusConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives from our own queues in peek-lock mode with manual settlement: a message is completed only after
 * the dispatcher has committed what it means, dead-lettered when it can never be taken, and abandoned
 * (redelivered, its delivery count rising) when something else went wrong. Every node runs one, so
 * several nodes are competing consumers of the same queues.
 *
 * <p>An outage (the database, or anything else we need to record a message, out of reach) is not the message's
 * fault: abandoning would spend its deliveries, and a long outage would dead-letter valid messages. So the message
 * is held instead, its lock renewed, and recorded again after a pause that doubles up to {@link #LONGEST_PAUSE};
 * with every handler holding one, the receiver takes no more messages until the outage ends. Only past the
 * outage patience, or when the application stops, is a held message abandoned.
 */
public class InboundReceiver implements AutoCloseable {

    static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
    static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(InboundReceiver.class);

    private final List<ServiceBusProcessorClient> processors = new ArrayList<>();
    private final List<String> queues;
    private final InboundDispatcher dispatcher;
    private final Predicate<Throwable> isOutage;
    private final Duration outagePatience;
    private volatile CountDownLatch closing = new CountDownLatch(1);

    /**
     * @param maxConcurrentCalls messages handled at once per queue: a conversation's commands are serialised by its
     *                           aggregate (a clash is retried) and its statuses carry their own order, so messages of
     *                           one conversation may be handled side by side (ADR 0007)
     * @param prefetchCount  messages each queue's receiver fetches ahead of its handlers, so a handler that finishes
     *                       finds the next one already here instead of asking the broker for it; their locks run
     *                       meanwhile, so it is kept a few times the handlers, not more
     * @param isOutage       tells an outage from a failure of the message's own
     * @param outagePatience how long a message is held through an outage before it is abandoned after all
     */
    public InboundReceiver(ServiceBusConnection connection, List<String> queues, int maxConcurrentCalls,
                           int prefetchCount, InboundDispatcher dispatcher, Predicate<Throwable> isOutage,
                           Duration outagePatience) {
        this.queues = List.copyOf(queues);
        this.dispatcher = dispatcher;
        this.isOutage = isOutage;
        this.outagePatience = outagePatience;
        for (String queue : queues) {
            processors.add(connection.builder().processor()
                    .queueName(queue)
                    .receiveMode(ServiceBusReceiveMode.PEEK_LOCK)
                    .disableAutoComplete()
                    .maxConcurrentCalls(maxConcurrentCalls)
                    .prefetchCount(prefetchCount)
                    // a held message keeps its lock for as long as it may be held, and a minute to finish in
                    .maxAutoLockRenewDuration(outagePatience.plus(Duration.ofMinutes(1)))
                    .processMessage(context -> handle(queue, context))
                    .processError(InboundReceiver::error)
                    .buildProcessorClient());
        }
    }

    public void start() {
        closing = new CountDownLatch(1);
        processors.forEach(ServiceBusProcessorClient::start);
    }

    /** Stops taking messages; those in hand are finished first, and those held through an outage abandoned. */
    public void stop() {
        closing.countDown();
        processors.forEach(ServiceBusProcessorClient::stop);
    }

    public boolean isRunning() {
        return processors.stream().allMatch(ServiceBusProcessorClient::isRunning);
    }

    /** Whether the receiver of each queue is running, by queue. */
    public Map<String, Boolean> runningByQueue() {
        Map<String, Boolean> running = new LinkedHashMap<>();
        for (int i = 0; i < queues.size(); i++) {
            running.put(queues.get(i), processors.get(i).isRunning());
        }
        return running;
    }

    private void handle(String queue, ServiceBusReceivedMessageContext context) {
        // the real integration point sends no MessageId; the sequence number names the message then
        String id = context.getMessage().getMessageId() != null ? context.getMessage().getMessageId()
                : "#" + context.getMessage().getSequenceNumber();
        Outcome outcome = null;
        long heldSince = System.nanoTime();
        Duration pause = FIRST_PAUSE;
        while (outcome == null) {
            try {
                outcome = dispatcher.dispatch(context.getMessage().getBody().toBytes(), queue, id);
            } catch (RuntimeException e) {
                if (!isOutage.test(e)) {
                    log.warn("Could not record Service Bus message {} (delivery {}); abandoning it for redelivery",
                            id, context.getMessage().getDeliveryCount(), e);
                    context.abandon();
                    return;
                }
                Duration held = Duration.ofNanos(System.nanoTime() - heldSince);
                if (held.plus(pause).compareTo(outagePatience) > 0) {
                    log.warn("Held Service Bus message {} through an outage for {} s, as long as the outage patience "
                            + "allows; abandoning it for redelivery: {}", id, held.toSeconds(), e.toString());
                    context.abandon();
                    return;
                }
                if (pause.equals(FIRST_PAUSE)) {
                    log.warn("Cannot record Service Bus message {} during an outage ({}); holding it and trying "
                            + "again, for up to {}", id, e.toString(), outagePatience);
                } else {
                    log.debug("Still cannot record Service Bus message {}: {}", id, e.toString());
                }
                if (pausedUntilClosing(pause)) {
                    log.info("Stopping: abandoning Service Bus message {}, held through an outage", id);
                    context.abandon();
                    return;
                }
                pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
            }
        }
        if (outcome instanceof Outcome.DeadLetter deadLetter) {
            log.warn("Dead-lettering Service Bus message {}: {}: {}", id, deadLetter.reason(),
                    deadLetter.description());
            context.deadLetter(new DeadLetterOptions()
                    .setDeadLetterReason(deadLetter.reason())
                    .setDeadLetterErrorDescription(deadLetter.description()));
        } else {
            log.debug("Service Bus message {}: {}", id, ((Outcome.Complete) outcome).what());
            context.complete();
        }
    }

    /** Waits {@code pause}; true when the receiver is stopping meanwhile (or the thread is interrupted). */
    private boolean pausedUntilClosing(Duration pause) {
        try {
            return closing.await(pause.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private static void error(ServiceBusErrorContext context) {
        log.warn("Service Bus receive error on {} ({}): {}", context.getEntityPath(), context.getErrorSource(),
                context.getException().toString());
    }

    @Override
    public void close() {
        closing.countDown();
        processors.forEach(ServiceBusProcessorClient::close);
    }
}
