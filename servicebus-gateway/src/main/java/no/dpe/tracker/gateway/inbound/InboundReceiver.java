package no.dpe.tracker.gateway.inbound;

import java.util.ArrayList;
import java.util.List;

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
 */
public class InboundReceiver implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(InboundReceiver.class);

    private final List<ServiceBusProcessorClient> processors = new ArrayList<>();
    private final InboundDispatcher dispatcher;

    public InboundReceiver(ServiceBusConnection connection, List<String> queues, int maxConcurrentCalls,
                           InboundDispatcher dispatcher) {
        this.dispatcher = dispatcher;
        for (String queue : queues) {
            processors.add(connection.builder().processor()
                    .queueName(queue)
                    .receiveMode(ServiceBusReceiveMode.PEEK_LOCK)
                    .disableAutoComplete()
                    .maxConcurrentCalls(maxConcurrentCalls)
                    .processMessage(this::handle)
                    .processError(InboundReceiver::error)
                    .buildProcessorClient());
        }
    }

    public void start() {
        processors.forEach(ServiceBusProcessorClient::start);
    }

    /** Stops taking messages; those in hand are finished first. */
    public void stop() {
        processors.forEach(ServiceBusProcessorClient::stop);
    }

    public boolean isRunning() {
        return processors.stream().allMatch(ServiceBusProcessorClient::isRunning);
    }

    private void handle(ServiceBusReceivedMessageContext context) {
        String id = context.getMessage().getMessageId();
        Outcome outcome;
        try {
            outcome = dispatcher.dispatch(context.getMessage().getBody().toBytes());
        } catch (RuntimeException e) {
            log.warn("Could not record Service Bus message {} (delivery {}); abandoning it for redelivery", id,
                    context.getMessage().getDeliveryCount(), e);
            context.abandon();
            return;
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

    private static void error(ServiceBusErrorContext context) {
        log.warn("Service Bus receive error on {} ({}): {}", context.getEntityPath(), context.getErrorSource(),
                context.getException().toString());
    }

    @Override
    public void close() {
        processors.forEach(ServiceBusProcessorClient::close);
    }
}
